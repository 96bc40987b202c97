import { Router } from 'express';

export function usersRouter(): Router {
  return Router();
}
