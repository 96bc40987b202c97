import { Router } from 'express';
import type { AppContext } from '../src/platform/context.js';

/** The AdminJS back office, mounted at /admin. */
export async function buildAdminRouter(_context: AppContext): Promise<Router> {
  return Router();
}
