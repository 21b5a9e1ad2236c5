/** Limits of a {@link TaskStore}. */
export interface TaskStoreLimits {
  /** Most tasks kept; creating one more forgets the oldest. Default: 10000. */
  maxTasks?: number
  /** A task is forgotten this long after its creation (kie.ai keeps result URLs about 24 h). Default: 86400000 (24 h). */
  expiryMs?: number
}

/**
 * The mock's tasks, bounded by count and age so a mock left running for days stays small. A Map keeps
 * insertion order, so the oldest task is always first: eviction and expiry are O(1) per task.
 */
export class TaskStore<Task extends { id: string; createdAt: number }> {
  private readonly tasks = new Map<string, Task>()
  readonly maxTasks: number
  readonly expiryMs: number

  constructor(limits: TaskStoreLimits = {}) {
    this.maxTasks = limits.maxTasks ?? 10_000
    this.expiryMs = limits.expiryMs ?? 86_400_000
  }

  add(task: Task, now: number): Task[] {
    const forgotten = this.expire(now)
    this.tasks.set(task.id, task)
    while (this.tasks.size > this.maxTasks) {
      const oldest = this.tasks.values().next().value as Task
      this.tasks.delete(oldest.id)
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

  clear(): Task[] {
    const all = [...this.tasks.values()]
    this.tasks.clear()
    return all
  }

  private expire(now: number): Task[] {
    const forgotten: Task[] = []
    for (const task of this.tasks.values()) {
      if (now - task.createdAt < this.expiryMs) break
      this.tasks.delete(task.id)
      forgotten.push(task)
    }
    return forgotten
  }
}
