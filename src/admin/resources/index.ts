// The panel's resources, one file each. A later slice adds a file here (chat
// room bindings, announcements, ...) and lists it below; navigation groups
// live in ../navigation.ts.
import type { ResourceWithOptions } from 'adminjs'
import { announcementResource } from './announcement.resource'
import { auditResource } from './audit.resource'
import { chatRoomResource } from './chat-room.resource'
import { contentResource } from './content.resource'
import { courseResource } from './course.resource'
import { moduleResource } from './module.resource'
import { subjectResource } from './subject.resource'
import type { PanelDeps, ResourceFactory } from './types'
import { userResource } from './user.resource'

export const RESOURCES: ResourceFactory[] = [subjectResource, courseResource, moduleResource, contentResource, auditResource, userResource, announcementResource, chatRoomResource]

export function buildResources(deps: PanelDeps): ResourceWithOptions[] {
  return RESOURCES.map((make) => make(deps))
}

export type { PanelDeps, ResourceFactory } from './types'
