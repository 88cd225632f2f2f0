// Reading request bodies: JSON, and CSV where a route takes it. Only the routes that take a body
// read one; the others leave it unread, whatever it holds.
import express, { type RequestHandler } from 'express';
import { JSON_TYPES } from './route.js';

/** The middleware that reads a route's body into `req.body`, up to `limit` bytes. */
export function bodyReaders(limit: string): RequestHandler[] {
  return [express.json({ limit, type: JSON_TYPES }), express.text({ limit, type: 'text/csv' })];
}
