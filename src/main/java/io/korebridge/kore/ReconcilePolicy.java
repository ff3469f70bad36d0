package io.korebridge.kore;

/** What the bridge does when a create call's fate is unknown ({@code kore.reconcile.policy}). */
public enum ReconcilePolicy {
  /** Ask Kore's campaign list before sending again; never re-send blindly. */
  RECONCILE,
  /** Send again without asking (campaigns may be duplicated); writes no intents. */
  RECREATE,
  /** End the request FAILED {@code KORE_OUTCOME_UNKNOWN}, for accounts without the list API. */
  FAIL
}
