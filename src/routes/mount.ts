import type { FastifyInstance, RouteHandlerMethod } from 'fastify';
import { type FormCheck, guard, type GuardDeps, type GuardRule, type Who } from '../http/guard.ts';

export type Handler = RouteHandlerMethod;

/** One row of a route table: one URL, who may call it, and what answers. */
export interface RouteRow<W extends Who = Who> {
  method: 'GET' | 'POST';
  url: string;
  who: W;
  /** How a POST proves it came from this site; a form token unless said otherwise. */
  form?: FormCheck;
  handler: Handler;
}

/** What a whole table shares: where signed-out visitors sign in, and whether answers are private. */
export interface TableRules {
  signIn?: GuardRule['signIn'];
  private?: boolean;
}

/** Every row becomes a route behind the one guard. */
export function mount(app: FastifyInstance, rows: RouteRow[], rules: TableRules, deps: GuardDeps): void {
  for (const r of rows) {
    app.route({
      method: r.method,
      url: r.url,
      config: { who: r.who },
      preHandler: guard(deps, { who: r.who, form: r.form, signIn: rules.signIn, private: rules.private }),
      handler: r.handler,
    });
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Who may call the route, as its table row says. */
    who?: Who;
  }
}
