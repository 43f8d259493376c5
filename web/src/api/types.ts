/** Shapes of the sync-api contract the app reads and writes. */
export interface OfflineFile {
  fileUrl: string;
  fileSize: number;
  sha256: string;
  lastModified: string;
}

export interface ManifestBlock {
  blockId: string;
  type: string;
  displayName: string;
  path: string[];
  offlineDownload: OfflineFile;
}

export interface ManifestSection {
  blockId: string;
  displayName: string;
  totalSize: number;
}

export interface OfflineManifest {
  courseId: string;
  publishedAt: string;
  generatedAt: string;
  course: OfflineFile;
  blocks: ManifestBlock[];
  sections: ManifestSection[];
}

export interface Enrollment {
  courseId: string;
  batchId: string;
  enrolledAt: string;
  completedCount: number;
  leafCount: number;
  completionPercentage: number;
  lastAccessTime: string | null;
}

export type Status = 0 | 1 | 2;

export interface ProgressEvent {
  eventId: string;
  courseId: string;
  batchId: string;
  contentId: string;
  status: Status;
  progress: number;
  lastAccessTime: string;
  lastCompletedTime?: string;
}

export interface Submission {
  eventId: string;
  courseId: string;
  contentId: string;
  answers: Record<string, string | string[]>;
  submittedAt: string;
}

export interface ProgressRecord {
  courseId: string;
  batchId: string;
  contentId: string;
  status: Status;
  progress: number;
  lastAccessTime: string | null;
  lastCompletedTime: string | null;
  lastModified?: string;
  stored?: string;
}

export interface ItemResult {
  eventId: string;
  result: 'applied' | 'duplicate' | 'rejected';
  error?: string;
}

export interface ApiError {
  error: string;
  message: string;
  details?: Record<string, unknown>;
}
