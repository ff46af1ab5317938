import * as ts from 'typescript';

/**
 * Type-checks TypeScript files as an integrator's project would (strict, CommonJS, DOM fetch
 * types) and emits JavaScript beside them into `outDir`. Returns the compiler's complaints.
 */
export function compile(files: string[], outDir: string): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    module: ts.ModuleKind.CommonJS,
    moduleResolution: ts.ModuleResolutionKind.Node10,
    target: ts.ScriptTarget.ES2022,
    esModuleInterop: true,
    skipLibCheck: true,
    types: [],
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    outDir,
  };
  const program = ts.createProgram(files, options);
  const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
  if (diagnostics.length === 0) program.emit();
  return diagnostics;
}
