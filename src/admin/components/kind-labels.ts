// The kinds of content as the panel names them (lists, the course tree, the
// kind picker). Shared by the components bundle and the resources.
export const KIND_LABELS: Record<string, { short: string; long: string }> = {
  TEXT: { short: 'Text', long: 'Text (Markdown)' },
  IMAGE: { short: 'Image', long: 'Image with a caption' },
  FILE: { short: 'File', long: 'File (document) with a caption' },
  VIDEO: { short: 'Video', long: 'Video (link or upload)' },
  QUIZ: { short: 'Quiz', long: 'Quiz (question with options)' },
}
