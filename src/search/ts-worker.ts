import { Worker } from 'node:worker_threads'

/**
 * Starts a worker thread running a TypeScript module. Worker threads do not inherit tsx's loader on Node 20,
 * so the worker first registers it (the project runs its TypeScript through tsx, as `npm start` does) and then
 * imports the module; a module that cannot load posts `{ type: 'failed', message }`.
 */
export function startTsWorker(module: URL, workerData: unknown): Worker {
  const boot = `
import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(module.href)}) })
  .catch((error) => { require('node:worker_threads').parentPort.postMessage({ type: 'failed', message: String(error) }) })
`
  return new Worker(boot, { eval: true, workerData })
}
