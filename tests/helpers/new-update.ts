import type { NewUpdate } from '../../src/core/progress/store.js'

/** A valid update on task 20 of the bundled plan (1200 of 2000件 → 60%), for store tests to vary. */
export function newUpdate(overrides: Partial<NewUpdate> = {}): NewUpdate {
  return {
    task: 20,
    unit: '知识产权促进科',
    user: 'u1',
    userName: '张三',
    text: '截至6月底发明专利申请量1200件',
    figures: [{ value: 1200, unit: '件', target: 0, percent: 60 }],
    attainment: 60,
    done: false,
    sourceId: null,
    at: '2024-07-01T02:00:00.000Z',
    ...overrides,
  }
}
