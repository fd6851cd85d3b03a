// The job queue dashboard (bull-board) inside the panel, for admins only:
// waiting, delayed, failed and completed jobs, with retry and clean-up.
// Mounted after the panel's session middleware, so the signed-in user is known.
import { createBullBoard } from '@bull-board/api'
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter'
import { ExpressAdapter } from '@bull-board/express'
import type { Express, NextFunction, Request, Response } from 'express'
import type { AppContext } from '../context'
import { ROOT_PATH } from './panel'

export const QUEUES_PATH = `${ROOT_PATH}/queues`

function adminsOnly(req: Request, res: Response, next: NextFunction) {
  const user = req.session?.adminUser
  if (!user) {
    if (req.path.startsWith('/api/')) return res.status(401).type('text/plain').send('Sign in first.')
    req.session.redirectTo = req.originalUrl
    return res.redirect(`${ROOT_PATH}/login`)
  }
  if (user.role !== 'ADMIN') return res.status(403).type('text/plain').send('Only admins may see the job queues.')
  next()
}

export function mountQueueDashboard(app: Express, ctx: AppContext): void {
  const adapter = new ExpressAdapter()
  adapter.setBasePath(QUEUES_PATH)
  createBullBoard({
    queues: [new BullMQAdapter(ctx.jobs.queue, { displayName: 'TaskMetrics jobs' })],
    serverAdapter: adapter,
    options: { uiConfig: { boardTitle: 'TaskMetrics jobs', hideRedisDetails: true } },
  })
  app.use(QUEUES_PATH, adminsOnly, adapter.getRouter())
}
