// The gate's JavaScript and TypeScript judge: one long-lived node process answering JSON lines.
// Request {id, kind, text, filename, ts?}; kind: "script" (CommonJS, parsed as `node --check` does:
// vm.compileFunction with the module wrapper's parameters), "module" (ES module: vm.SourceTextModule,
// needs --experimental-vm-modules), "ts" / "tsx" (TypeScript's own parser, from the `ts` path).
// Reply {id, ok, line, column, message}. Nothing is ever run: compiling is parsing.
"use strict";
const vm = require("vm");
const readline = require("readline");

const typescripts = new Map();
function typescript(path) {
  if (!typescripts.has(path)) typescripts.set(path, require(path));
  return typescripts.get(path);
}

function location(error) {
  // V8 puts "filename:LINE", the source line and a caret line at the top of a SyntaxError's stack.
  const lines = String(error.stack || "").split("\n");
  const match = /:(\d+)\s*$/.exec(lines[0] || "");
  const caret = (lines[2] || "").indexOf("^");
  return { line: match ? Number(match[1]) : 1, column: caret >= 0 ? caret + 1 : 0 };
}

// Node (20.19+, 22.7+) retries a .js file that fails as CommonJS because of ES-module syntax as an
// ES module ("module syntax detection"); `node --check` does too. Asked once, of this very node.
let detects = null;
function detectsModuleSyntax() {
  if (detects === null) {
    const { spawnSync } = require("child_process");
    const fs = require("fs"), os = require("os"), path = require("path");
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "ouroboros-node-")), "probe.js");
    fs.writeFileSync(file, "export const probe = 1;\n");
    detects = spawnSync(process.execPath, ["--check", file]).status === 0;
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  return detects;
}
const ESM_ONLY = /Cannot use import statement outside a module|Unexpected token 'export'|Cannot use 'import\.meta' outside a module|await is only valid in async functions and the top level bodies of modules/;

function check(request) {
  const { kind, text, filename } = request;
  if (kind === "ts" || kind === "tsx") {
    const ts = typescript(request.ts);
    const scriptKind = kind === "tsx" ? ts.ScriptKind.TSX : ts.ScriptKind.TS;
    const file = ts.createSourceFile(filename, text, ts.ScriptTarget.Latest, false, scriptKind);
    const diagnostics = file.parseDiagnostics || [];
    if (!diagnostics.length) return { ok: true };
    const first = diagnostics[0];
    const at = file.getLineAndCharacterOfPosition(first.start || 0);
    return { ok: false, line: at.line + 1, column: at.character + 1,
             message: ts.flattenDiagnosticMessageText(first.messageText, " ") };
  }
  // node --check strips a hashbang line; keep the line (as a comment) so positions stay true.
  const source = text.startsWith("#!") ? "//" + text.slice(2) : text;
  try {
    if (kind === "module") new vm.SourceTextModule(source, { identifier: filename });
    else vm.compileFunction(source, ["exports", "require", "module", "__filename", "__dirname"], { filename });
    return { ok: true };
  } catch (error) {
    if (!(error instanceof SyntaxError) && error.name !== "SyntaxError") throw error;
    if (kind !== "module" && ESM_ONLY.test(error.message) && detectsModuleSyntax()) {
      try {
        new vm.SourceTextModule(source, { identifier: filename });
        return { ok: true };
      } catch (moduleError) {
        if (moduleError.name !== "SyntaxError") throw moduleError;
        return { ok: false, ...location(moduleError), message: moduleError.message };
      }
    }
    return { ok: false, ...location(error), message: error.message };
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let request = { id: null };
  let reply;
  try {
    request = JSON.parse(line);
    reply = check(request);
  } catch (error) {
    reply = { ok: false, line: 1, column: 0, message: `checker error: ${error && error.message}`, internal: true };
  }
  process.stdout.write(JSON.stringify({ id: request.id, ...reply }) + "\n");
});
