import type { JsonValue } from '@sorakit/codegen'
import { changeRules, type Classification, type RuleId } from './change-rules.js'

/** One consumer-visible difference between two bundled documents. */
export interface ContractChange {
  rule: RuleId
  classification: Classification
  /** `POST /api/v1/jobs/createTask`, a path, or `document` for document-wide changes. */
  operation: string
  /** Where inside the operation, e.g. `request body [model=sora-2-image-to-video] input.n_frames`. */
  location: string
  /** What changed, in words. */
  message: string
  before?: JsonValue
  after?: JsonValue
}

export type ChangeInput = Omit<ContractChange, 'classification'>

/** Collects changes in discovery order; the classification always comes from the rule table. */
export class ChangeList {
  readonly changes: ContractChange[] = []

  add(change: ChangeInput): void {
    this.changes.push({ ...change, classification: changeRules[change.rule].classification })
  }
}

/**
 * A place inside an operation, printed the way a reader looks for it:
 * `request body [model=sora-2-image-to-video] input.image_urls[]`.
 */
export class Location {
  private constructor(
    private readonly text: string,
    private readonly endsInField: boolean,
  ) {}

  static root(label: string): Location {
    return new Location(label, false)
  }

  field(name: string): Location {
    return new Location(this.endsInField ? `${this.text}.${name}` : `${this.text} ${name}`, true)
  }

  tag(label: string): Location {
    return new Location(`${this.text} [${label}]`, false)
  }

  items(): Location {
    return new Location(`${this.text}[]`, true)
  }

  toString(): string {
    return this.text
  }
}
