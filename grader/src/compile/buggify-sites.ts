import ts from 'typescript';

/**
 * Gives every `x.buggify(...)` call in a student source file its site id, `file:line:column`
 * of the `buggify` name (1-based, `file` relative to the solution folder), as an extra last
 * argument: `ctx.buggify(0.1)` becomes `ctx.buggify(0.1, "src/node.ts:12:9")`. The framework
 * then activates sites by that id instead of capturing a stack at every call, and the id of a
 * site changes only when the source around it is edited. Calls with spread arguments or more
 * than one argument are left alone (they fall back to the run-time stack capture).
 */
export function annotateBuggifySites(source: string, file: string): string {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.ES2022, false, ts.ScriptKind.TS);
  const inserts: { at: number; text: string }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && node.expression.name.text === 'buggify') {
      const args = node.arguments;
      if (args.length <= 1 && !args.some(ts.isSpreadElement)) {
        const name = node.expression.name;
        const { line, character } = sf.getLineAndCharacterOfPosition(name.getStart(sf));
        const site = JSON.stringify(`${file}:${line + 1}:${character + 1}`);
        if (args.length === 0) inserts.push({ at: args.pos, text: `undefined, ${site}` });
        else inserts.push({ at: args[0]!.end, text: `, ${site}` });
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let out = source;
  for (const ins of inserts.sort((a, b) => b.at - a.at)) out = out.slice(0, ins.at) + ins.text + out.slice(ins.at);
  return out;
}
