import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { ERROR_SOURCES, type Outcome, type SourcePos } from '@dsgrade/framework';
import type { Same } from './same.js';

const nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const SourcePosSchema = Type.Object({ file: Type.String(), line: Type.Integer(), column: Type.Integer() });

const limited = { limit: Type.String({ maxLength: 200 }), value: Type.Number(), message: Type.String() };

/** The framework's Outcome (framework/src/outcome.ts) as a JSON schema; `Same` below fails the build if the two drift apart. */
export const OutcomeSchema = Type.Union([
  Type.Object({ status: Type.Literal('passed') }),
  Type.Object({ status: Type.Literal('failed'), check: nullable(Type.String()), message: Type.String(), at: nullable(SourcePosSchema) }),
  Type.Object({ status: Type.Literal('limit'), ...limited }),
  Type.Object({ status: Type.Literal('unknown'), ...limited }),
  Type.Object({ status: Type.Literal('error'), source: Type.Union(ERROR_SOURCES.map((s) => Type.Literal(s))), message: Type.String(), proc: nullable(Type.String()) }),
]);

export const outcomeSchemaIsOutcome: Same<Static<typeof OutcomeSchema>, Outcome> = true;
export const sourcePosSchemaIsSourcePos: Same<Static<typeof SourcePosSchema>, SourcePos> = true;
