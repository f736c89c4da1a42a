import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';
import { MEDIA_TYPES, ResponseFormat } from './response-format';

const SCHEMAS: Record<ResponseFormat, { schema: Record<string, unknown> }> = {
  json: { schema: { type: 'object' } },
  csv: {
    schema: {
      type: 'string',
      description:
        'RFC 4180 CSV in UTF-8 with a byte-order mark: one header row (in ?lang= or Accept-Language), CRLF line ends, ISO 8601 instants; a text cell starting with =, +, -, @, tab or CR is prefixed with a single quote. ?delimiter=semicolon for Excel in a Dutch locale. Every row that matches the filters, streamed.',
    },
  },
  pdf: {
    schema: {
      type: 'string',
      format: 'binary',
      description: 'an A4 document (embedded Unicode font) stating the controller, the DPO, the date and the log position it reflects, with page numbers',
    },
  },
  html: { schema: { type: 'string', description: 'a self-contained page (no scripts, no external resources) stating the log position it reflects' } },
};

/** The media types a route answers in (?format= or Accept), each described in the OpenAPI document. */
export const ApiFormats = (formats: readonly ResponseFormat[], description: string, json?: Record<string, unknown>) =>
  applyDecorators(
    ApiProduces(...formats.map((f) => MEDIA_TYPES[f])),
    ApiOkResponse({
      description,
      content: Object.fromEntries(formats.map((f) => [MEDIA_TYPES[f], f === 'json' && json ? { schema: json } : SCHEMAS[f]])),
    }),
  );
