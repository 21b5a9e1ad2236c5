/** Limits of a {@link TaskStore}. */
export interface TaskStoreLimits {
  /** Most tasks kept; creating one more forgets the oldest. Default: 10000. */
  maxTasks?: number
  /**
   * A task is forgotten this long after its creation (kie.ai keeps result URLs about 24 h). Default: 86400000 (24 h).
   */
  expiryMs?: number
  /**
   * Most bytes of task requests kept (each task counts its create body's JSON); creating past it forgets the oldest.
   * Default: 67108864 (64 MiB).
   */
  maxBytes?: number
}

/**
 * The mock's tasks, bounded by count, bytes and age so a mock left running for days stays small. A Map keeps
 * insertion order, so the oldest task is always first: eviction and expiry are O(1) per task.
 */
export class TaskStore<Task extends { id: string; createdAt: number; bytes?: number }> {
  private readonly tasks = new Map<string, Task>()
  readonly maxTasks: number
  readonly expiryMs: number
  readonly maxBytes: number
  private keptBytes = 0

  constructor(limits: TaskStoreLimits = {}) {
    this.maxTasks = limits.maxTasks ?? 10_000
    this.expiryMs = limits.expiryMs ?? 86_400_000
    this.maxBytes = limits.maxBytes ?? 64 * 1024 * 1024
  }

  add(task: Task, now: number): Task[] {
    const forgotten = this.expire(now)
    this.tasks.set(task.id, task)
    this.keptBytes += task.bytes ?? 0
    // The newest task is always kept, even alone over maxBytes: the body limit bounds one task.
    while (this.tasks.size > this.maxTasks || (this.keptBytes > this.maxBytes && this.tasks.size > 1)) {
      const oldest = this.tasks.values().next().value as Task
      this.forget(oldest)
      forgotten.push(oldest)
    }
    return forgotten
  }

  get(id: string, now: number): Task | undefined {
    this.expire(now)
    return this.tasks.get(id)
  }

  has(id: string): boolean {
    return this.tasks.has(id)
  }

  list(now: number): Task[] {
    this.expire(now)
    return [...this.tasks.values()]
  }

  get size(): number {
    return this.tasks.size
  }

  /** Bytes of the kept tasks' requests, as counted against maxBytes. */
  get bytes(): number {
    return this.keptBytes
  }

  clear(): Task[] {
    const all = [...this.tasks.values()]
    this.tasks.clear()
    this.keptBytes = 0
    return all
  }

  private forget(task: Task): void {
    this.tasks.delete(task.id)
    this.keptBytes -= task.bytes ?? 0
  }

  private expire(now: number): Task[] {
    const forgotten: Task[] = []
    for (const task of this.tasks.values()) {
      if (now - task.createdAt < this.expiryMs) break
      this.forget(task)
      forgotten.push(task)
    }
    return forgotten
  }
}
