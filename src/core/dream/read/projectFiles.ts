// Files a project keeps under well-known names: manifests, tool and environment configs. A change to one between
// a failure and the call that got past it is a setup step; in a command's general form one named where the command
// runs stays as written (`pip install -r requirements.txt`, `python setup.py develop`): it is the same file in every
// session, the project's and not the task's.
export const CONFIG_FILE =
  /(^|\/)(package\.json|[^/]*\.config\.[cm]?[jt]s|tsconfig[^/]*\.json|\.env[^/]*|\.npmrc|\.nvmrc|\.yarnrc[^/]*|Makefile|pyproject\.toml|setup\.cfg|setup\.py|tox\.ini|pytest\.ini|conftest\.py|requirements[^/]*\.txt|Pipfile|Cargo\.toml|go\.mod|pom\.xml|build\.gradle(\.kts)?|[^/]*\.ya?ml|\.eslintrc[^/]*|\.prettierrc[^/]*|\.babelrc|\.python-version|\.tool-versions|Gemfile)$/;

/** An operand naming such a file in the folder the command runs in (`requirements.txt`, `./setup.py`). */
export function isProjectFile(operand: string): boolean {
  return !operand.replace(/^\.\//, '').includes('/') && CONFIG_FILE.test(operand);
}
