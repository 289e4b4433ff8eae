/** A dependency the service cannot work without; `check` throws if it is unreachable. */
export interface HealthProbe {
  name: string;
  check(): Promise<void>;
}
