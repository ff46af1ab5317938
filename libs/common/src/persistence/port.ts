/**
 * A need a lower module declares and a higher module fills: tags need the tickets that carry
 * them, customers need their tickets counted, but tickets import tags and customers, never the
 * reverse. The lower module provides and exports a `Port` subclass (its Nest token); the owner of
 * the data binds its implementation from its own module's constructor. No import cycle, no
 * global module, and a missing owner fails with a clear error instead of a silent no-op.
 */
export abstract class Port<T extends object> {
  private implementation?: T;

  bind(implementation: T): void {
    this.implementation = implementation;
  }

  /** Whether an owner bound its implementation: for ports whose owner is optional. */
  get bound(): boolean {
    return this.implementation !== undefined;
  }

  /** The owner's implementation; throws when no imported module binds one. */
  get owner(): T {
    if (!this.implementation) throw new Error(`${this.constructor.name}: no module implements it; import the module that owns the data`);
    return this.implementation;
  }
}
