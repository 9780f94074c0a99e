/**
 * Data attribute endpoints. GET lists the built-in attributes (`custom: false`) followed by the custom
 * ones; `model=conversation` is refused with 422 since 2.16 (use /conversations/attributes).
 */
import type { FastifyInstance } from 'fastify';
import type { SimulatorContext } from '../context';
import { parseBody, queryFlag } from '../body';
import { IntercomHttpError, parameterInvalid } from '../errors';
import { dataAttributeToJson } from '../serialize/resources';
import { standardAttributesJson } from '../standard-attributes';
import { createDataAttribute, updateDataAttribute } from '../services/data-attributes';
import type { DataAttributeModel } from '../records';
import { z } from 'zod';

const looseObject = z.record(z.string(), z.unknown());

export function registerDataAttributeRoutes(app: FastifyInstance, ctx: SimulatorContext): void {
  app.get('/data_attributes', (request) => {
    const query = request.query as Record<string, unknown>;
    if (query.model === 'conversation') {
      throw new IntercomHttpError(
        422,
        'parameter_invalid',
        'model=conversation is no longer supported. Use GET /conversations/attributes instead',
      );
    }
    if (query.model !== undefined && query.model !== 'contact' && query.model !== 'company') {
      throw parameterInvalid('The Data Attribute model field must be either contact or company', 'model');
    }
    const models: DataAttributeModel[] = query.model === undefined ? ['contact', 'company'] : [query.model];
    const includeArchived = queryFlag(query.include_archived);
    const data = models.flatMap((model) => [
      ...standardAttributesJson(model),
      ...[...ctx.store.dataAttributes.values()]
        .filter((attribute) => attribute.model === model && (includeArchived || !attribute.archived))
        .map((attribute) => dataAttributeToJson(attribute)),
    ]);
    return { type: 'list', data };
  });

  app.post('/data_attributes', (request) =>
    dataAttributeToJson(createDataAttribute(ctx, parseBody(looseObject, request.body))),
  );

  app.put<{ Params: { data_attribute_id: string } }>('/data_attributes/:data_attribute_id', (request) => {
    const id = Number(request.params.data_attribute_id);
    return dataAttributeToJson(updateDataAttribute(ctx, id, parseBody(looseObject, request.body)));
  });
}
