import { randomUUID } from 'node:crypto';
import { Column, Entity, PrimaryColumn, type MigrationInterface, type QueryRunner } from 'typeorm';
import { z } from 'zod';
import { NotFoundError } from '@erp/errors';
import { ApiRouter, baseConfigShape, defineConfig, type Logger, type ServiceContext, type ServiceDefinition } from '../../src';

@Entity({ name: 'widget' })
export class Widget {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'integer' })
  qty!: number;
}

/** An entity no migration creates: with synchronize off its table must never appear. */
@Entity({ name: 'unmigrated_thing' })
export class UnmigratedThing {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;
}

export class CreateWidget1700000000000 implements MigrationInterface {
  name = 'CreateWidget1700000000000';
  async up(runner: QueryRunner): Promise<void> {
    await runner.query('CREATE TABLE widget (id uuid PRIMARY KEY, name text NOT NULL, qty integer NOT NULL)');
  }
  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE widget');
  }
}

const WidgetBody = z.object({ name: z.string().min(1).max(50), qty: z.number().int().min(0) });
const WidgetOut = WidgetBody.extend({ id: z.uuid() });

/** A gate a route waits on, opened by the test (no sleeps). */
export class Gate {
  private release!: () => void;
  readonly opened = new Promise<void>((resolve) => (this.release = resolve));
  entered = 0;
  open(): void {
    this.release();
  }
}

export interface WidgetServiceOptions {
  env: Record<string, string>;
  logger?: Logger;
  gate?: Gate;
  downstream?: ServiceDefinition['downstream'];
  checkIntervalMs?: number;
  /** Records the lifecycle calls startService makes (seed, job start/stop, background start/stop when `background`). */
  events?: string[];
  /** Declare a background component that records its start and stop (and whether the database still answers then). */
  background?: boolean;
}

/** A small service exercising everything the kit wires: DB + migrations, validation, errors, downstream calls. */
export function buildWidgetService(options: WidgetServiceOptions): ServiceDefinition {
  const config = defineConfig(baseConfigShape, { LOG_LEVEL: 'silent', ...options.env });
  const routes = (ctx: ServiceContext) => {
    const api = new ApiRouter({ prefix: '/api/v1' });
    api.route(
      {
        method: 'post',
        path: '/widgets',
        auth: 'public',
        summary: 'Create a widget',
        tags: ['widgets'],
        body: WidgetBody,
        responses: { 201: WidgetOut },
      },
      async ({ body }) => {
        const widget = { id: randomUUID(), ...body };
        await ctx.dataSource.getRepository(Widget).insert(widget);
        return { status: 201, body: widget, headers: { location: `/api/v1/widgets/${widget.id}` } };
      },
    );
    api.route(
      {
        method: 'get',
        path: '/widgets/{id}',
        auth: 'public',
        params: z.object({ id: z.uuid() }),
        query: z.object({ fields: z.string().optional() }),
        responses: { 200: WidgetOut, 404: 'problem' },
      },
      async ({ params }) => {
        const widget = await ctx.dataSource.getRepository(Widget).findOneBy({ id: params.id });
        if (!widget) throw new NotFoundError('Widget', params.id);
        return { status: 200, body: widget };
      },
    );
    api.route(
      {
        method: 'get',
        path: '/echo/{text}',
        auth: 'public',
        params: z.object({ text: z.string() }),
        query: z.object({ q: z.string().optional() }),
        responses: { 200: z.unknown() },
      },
      ({ params, query }) => ({ status: 200, body: { text: params.text, q: query.q } }),
    );
    api.route(
      { method: 'post', path: '/echo', auth: 'public', body: z.object({ data: z.unknown() }), responses: { 200: z.unknown() } },
      ({ body }) => ({ status: 200, body }),
    );
    api.route({ method: 'get', path: '/boom', auth: 'public', responses: {} }, async () => {
      throw new Error('secret internals: password=hunter2');
    });
    api.route({ method: 'get', path: '/slow', auth: 'public', responses: { 200: z.object({ done: z.boolean() }) } }, async () => {
      const gate = options.gate;
      if (gate) {
        gate.entered += 1;
        await gate.opened;
      }
      return { status: 200, body: { done: true } };
    });
    api.route(
      { method: 'get', path: '/widgets-raw/{id}', auth: 'public', params: z.object({ id: z.uuid() }), responses: { 200: WidgetOut } },
      async ({ params }) => {
        const body = await ctx.cache.wrapRaw(`widget:${params.id}`, 60, async () => {
          const widget = await ctx.dataSource.getRepository(Widget).findOneBy({ id: params.id });
          if (!widget) throw new NotFoundError('Widget', params.id);
          return widget;
        });
        return { status: 200, body };
      },
    );
    api.route({ method: 'get', path: '/peer', auth: 'public', responses: { 200: z.unknown() } }, async () => {
      const response = await ctx.http.peer!.get('/seen');
      return { status: 200, body: response.data };
    });
    return [api];
  };
  return {
    name: 'widgets',
    version: '1.2.3',
    config,
    database: { entities: [Widget, UnmigratedThing], migrations: [CreateWidget1700000000000] },
    downstream: options.downstream,
    routes,
    seed: async (ctx) => {
      const count = await ctx.dataSource.getRepository(Widget).count();
      options.events?.push(`seed saw ${count} widgets`);
    },
    background: options.background
      ? async (ctx) => {
          const count = await ctx.dataSource.getRepository(Widget).count();
          options.events?.push(`background started, saw ${count} widgets`);
          return {
            async stop() {
              await ctx.dataSource.query('SELECT 1');
              options.events?.push('background stopped, database still open');
            },
          };
        }
      : undefined,
    jobs: () => {
      options.events?.push('job started');
      return [{ stop: () => void options.events?.push('job stopped') }];
    },
    handleSignals: false,
    logger: options.logger,
    health: { checkIntervalMs: options.checkIntervalMs ?? 5000 },
  };
}
