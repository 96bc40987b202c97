import { Router } from 'express';

export function authRouter(): Router {
  return Router();
}
