// `npm start` refuses a port that is already taken, before building anything, with what to do instead.
import { strict as assert } from 'assert';
import { execFile } from 'child_process';
import * as net from 'net';
import * as path from 'path';

describe('npm start', () => {
  it('fails clearly when its port is taken, instead of pointing at whatever answers there', async () => {
    const busy = net.createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
    const port = (busy.address() as net.AddressInfo).port;
    try {
      const script = path.resolve(__dirname, '..', '..', '..', '..', 'scripts', 'start.js');
      const r = await new Promise<{ code: number; stderr: string; stdout: string }>((resolve) =>
        execFile(process.execPath, [script, '--port', String(port)], { timeout: 20_000 }, (err, stdout, stderr) => resolve({ code: err ? Number((err as { code?: number }).code) : 0, stdout, stderr })),
      );
      assert.equal(r.code, 1);
      assert.match(r.stderr, new RegExp(`port ${port} is already in use[\\s\\S]*--port ${port + 1}`));
      assert.doesNotMatch(r.stdout, /Building/, 'nothing was built');
    } finally {
      busy.close();
    }
  });
});
