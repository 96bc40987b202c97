import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// Schemas that generate OpenAPI import z from here, so `.openapi()` is always available on them.
extendZodWithOpenApi(z);

export { z };
