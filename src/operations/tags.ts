/** Tags, and tagging companies, conversations and contacts. */
import { z } from 'zod';
import { tagSchema } from '../intercom/schemas';
import { acknowledge, defineOperation, done, id, pageOfWhole, pageOutput, pagingInput, path, READ } from './definition';

const tagId = { tag_id: id('tag') };

const tagResult = tagSchema.extend({
  companies: z.array(z.object({ id: z.string() }).loose()).optional(),
  users: z.array(z.object({ id: z.string() }).loose()).optional(),
});

const companyTagging = (untag: boolean) =>
  defineOperation({
    name: untag ? 'tags.detach_company' : 'tags.attach_company',
    resource: 'tags',
    summary: untag ? 'Detach a tag from a company' : 'Attach a tag to a company',
    description: untag ? undefined : 'The tag is created when no tag has this name.',
    repeatable: true,
    input: z.object({
      name: z.string().min(1).describe("The tag's name."),
      company_id: id('company').describe("The company's Intercom id."),
    }),
    call: (input) => ({
      method: 'POST',
      path: '/tags',
      body: { name: input.name, companies: [untag ? { id: input.company_id, untag: true } : { id: input.company_id }] },
    }),
    response: tagResult,
  });

const conversationTagging = (untag: boolean) =>
  defineOperation({
    name: untag ? 'tags.detach_conversation' : 'tags.attach_conversation',
    resource: 'tags',
    summary: untag ? 'Detach a tag from a conversation' : 'Attach a tag to a conversation',
    repeatable: true,
    input: z.object({
      conversation_id: id('conversation'),
      ...tagId,
      admin_id: id('admin').describe('The admin on whose behalf the tag is applied or removed.'),
    }),
    call: (input) =>
      untag
        ? {
            method: 'DELETE',
            path: path`/conversations/${input.conversation_id}/tags/${input.tag_id}`,
            body: { admin_id: input.admin_id },
          }
        : {
            method: 'POST',
            path: path`/conversations/${input.conversation_id}/tags`,
            body: { id: input.tag_id, admin_id: input.admin_id },
          },
    response: tagSchema,
  });

const contactTagging = (untag: boolean) =>
  defineOperation({
    name: untag ? 'tags.detach_contact' : 'tags.attach_contact',
    resource: 'tags',
    summary: untag ? 'Detach a tag from a contact' : 'Attach a tag to a contact',
    repeatable: true,
    input: z.object({ contact_id: id('contact'), ...tagId }),
    call: (input) =>
      untag
        ? { method: 'DELETE', path: path`/contacts/${input.contact_id}/tags/${input.tag_id}` }
        : { method: 'POST', path: path`/contacts/${input.contact_id}/tags`, body: { id: input.tag_id } },
    response: tagSchema,
  });

export const tagOperations = [
  defineOperation({
    name: 'tags.list',
    resource: 'tags',
    summary: 'List tags',
    ...READ,
    input: z.object(pagingInput),
    call: () => ({ method: 'GET', path: '/tags' }),
    response: z.object({ data: z.array(tagSchema) }).loose(),
    output: pageOutput(tagSchema, 'One page of tags.'),
    result: (response, input) => pageOfWhole(response.data, input),
  }),
  defineOperation({
    name: 'tags.get',
    resource: 'tags',
    summary: 'Get a tag',
    ...READ,
    input: z.object(tagId),
    call: (input) => ({ method: 'GET', path: path`/tags/${input.tag_id}` }),
    response: tagSchema,
  }),
  defineOperation({
    name: 'tags.upsert',
    resource: 'tags',
    summary: 'Create or update a tag',
    description: 'Without `tag_id`: the tag of this name, created when there is none. With it: that tag renamed.',
    repeatable: true,
    input: z.object({ name: z.string().min(1), tag_id: id('tag').optional() }),
    call: (input) => ({
      method: 'POST',
      path: '/tags',
      body: input.tag_id === undefined ? { name: input.name } : { id: input.tag_id, name: input.name },
    }),
    response: tagSchema,
  }),
  defineOperation({
    name: 'tags.delete',
    resource: 'tags',
    summary: 'Delete a tag',
    repeatable: true,
    input: z.object(tagId),
    call: (input) => ({ method: 'DELETE', path: path`/tags/${input.tag_id}` }),
    response: z.unknown(),
    output: done,
    result: acknowledge,
  }),
  companyTagging(false),
  companyTagging(true),
  conversationTagging(false),
  conversationTagging(true),
  contactTagging(false),
  contactTagging(true),
];
