// Navigation groups of the panel's sidebar. Later slices add their resources
// and pages to these groups (or new ones here): chat room bindings and
// announcements under `community`, the queue dashboard under `operations`.
export const NAV = {
  courses: { name: 'Courses', icon: 'BookOpen' },
  activity: { name: 'Activity', icon: 'Activity' },
  people: { name: 'People', icon: 'Users' },
  community: { name: 'Community', icon: 'MessageCircle' }, // announcements, chat rooms
  // operations: { name: 'Operations', icon: 'Server' },       (queue dashboard page)
} as const
