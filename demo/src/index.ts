import { orderUrl, userUrl } from './generated/api';

export function links(id: string): string[] {
  return [userUrl(id), orderUrl(id)];
}
