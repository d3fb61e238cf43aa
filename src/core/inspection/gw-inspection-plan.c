/* gw-inspection-plan.c: a joint-inspection plan, how it is made and kept
 *
 * "Comprehensive inspection once" (综合查一次): every department's due
 * items for an enterprise are merged into one visit.
 *
 * 1. Due items: each priority item at its frequency a year (twice that
 *    for a high risk, never above the per-department limit), each due in a
 *    window of days around its date, counted from the last inspection.
 *    Low-risk targets are left alone (无事不扰) unless drawn; drawn targets
 *    also get their random-check items (双随机).
 * 2. The draw: a share of the targets, uniformly, from the plan's seed, so
 *    that anyone can redo it from the published seed.
 * 3. Merging: for each target, the fewest visits that meet every due
 *    item's window (points stabbing intervals, greedily by end), so a
 *    target gets as many visits as its most frequent item needs when the
 *    windows allow; the department with most items leads.
 * 4. Days: working days only, within every item's window, no department
 *    joining more visits a day than it can, no day above 1.3 times the
 *    window's mean while the windows leave room (else the plan says how
 *    many visits are crowded), visits taken in order of deadline and then
 *    along a space-filling curve, so that neighbours share days.
 * 5. Teams: each day's visits in curve order; a team (at least two
 *    inspectors, one of the lead department, the rest of the others
 *    taking part) stays on for the next visit nearby while it can, else a
 *    new one is drawn at random from the qualified inspectors with no
 *    conflict of interest and room that day.
 *
 * gw_inspection_plan_check() says what breaks a rule, so tests and the
 * planning panel can prove a plan; gw_inspection_plan_move_visit() refuses
 * a move that would break one, with the reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gw-inspection"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gw-error.h"
#include "gw-inspection-plan-private.h"

/* A working day's visits against the window's mean, at most. */
#define MAX_LOAD_OVER_MEAN 1.3

G_DEFINE_FINAL_TYPE (GwInspectionPlan, gw_inspection_plan, G_TYPE_OBJECT)

static void
visit_free (GwPlanVisit *visit)
{
  g_array_unref (visit->dues);
  g_array_unref (visit->inspectors);
  g_array_unref (visit->findings);
  g_array_unref (visit->notices);
  g_free (visit);
}

static void
clear_finding (gpointer data)
{
  g_free (((GwFinding *) data)->note);
}

GArray *
gw_plan_findings_new (void)
{
  GArray *findings = g_array_new (FALSE, TRUE, sizeof (GwFinding));

  g_array_set_clear_func (findings, clear_finding);
  return findings;
}

static void
gw_inspection_plan_finalize (GObject *object)
{
  GwInspectionPlan *self = (GwInspectionPlan *) object;

  g_clear_object (&self->data);
  g_clear_object (&self->options.calendar);
  g_clear_pointer (&self->visits, g_ptr_array_unref);
  g_free (self->drawn);
  g_free (self->working);
  g_free (self->department_load);
  g_free (self->inspector_load);

  G_OBJECT_CLASS (gw_inspection_plan_parent_class)->finalize (object);
}

static void
gw_inspection_plan_class_init (GwInspectionPlanClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gw_inspection_plan_finalize;
}

static void
gw_inspection_plan_init (GwInspectionPlan *self)
{
  self->visits = g_ptr_array_new_with_free_func ((GDestroyNotify) visit_free);
}

char *
gw_julian_to_string (guint32 julian)
{
  GDate date;

  if (julian == 0 || !g_date_valid_julian (julian))
    return g_strdup ("");
  g_date_set_julian (&date, julian);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date));
}

guint32
gw_julian_from_string (const char *text)
{
  int y, m, d;
  GDate date;

  if (text == NULL || sscanf (text, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return 0;
  g_date_set_dmy (&date, d, m, y);
  return g_date_get_julian (&date);
}

guint
gw_inspection_plan_department_index (GwInspectionPlan *self,
                  const char       *department)
{
  const char * const *departments = gw_inspection_data_get_departments (self->data);

  for (guint i = 0; departments[i]; i++)
    if (g_str_equal (departments[i], department))
      return i;
  return 0;
}

gboolean
gw_inspection_plan_is_working (GwInspectionPlan *self,
            guint32           day)
{
  return day >= self->options.from && day < self->options.to && self->working[day - self->options.from];
}

/* ---- 1. due items ---- */

guint
gw_inspection_plan_per_window (GwInspectionPlan *self,
            guint             per_year)
{
  double days = self->options.to - self->options.from;

  return MAX (1, (guint) ceil (per_year * days / 365.0 - 1e-9));
}

/* The target's due items, by the rules in the comment at the top. */
GArray *
gw_inspection_plan_dues_of (GwInspectionPlan *self,
         guint             t)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (self->data, &n_items);
  guint n_targets;
  const GwInspectionTarget *target = &gw_inspection_data_get_targets (self->data, &n_targets)[t];
  GArray *dues = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));
  guint cap = gw_inspection_plan_per_window (self, self->options.max_per_department);
  guint32 from = self->options.from, to = self->options.to;

  for (guint i = 0; i < n_items; i++)
    {
      const GwInspectionItem *item = &items[i];
      gboolean high = target->risk == GW_RISK_HIGH;
      guint per_year, interval, count = 0;
      gint64 next;

      if (!g_str_equal (item->category, target->category))
        continue;
      if (item->kind == GW_ITEM_RANDOM || (target->risk == GW_RISK_LOW && !self->drawn[t]))
        {
          /* Random-check items, and low-risk targets, only when drawn:
           * once, any time in the window. */
          if (self->drawn[t])
            g_array_append_vals (dues, &(GwPlanDue) { i, from, to, GW_DUE_DRAWN, 1, 1 }, 1);
          continue;
        }

      per_year = MIN (item->per_year * (high ? 2 : 1), self->options.max_per_department);
      interval = MAX (1, 365 / per_year);
      /* Due again an interval after the last inspection; never inspected
       * or overdue: due now. */
      next = target->last_inspected ? (gint64) target->last_inspected + interval : from;
      next = MAX (next, (gint64) from);
      for (gint64 when = next; when < to && count < cap; when += interval)
        {
          gint64 slot_from = MAX ((gint64) from, when - interval / 2);
          gint64 slot_to = MIN ((gint64) to, when + (interval + 1) / 2);
          gboolean deferrable = (when == next && next == from) ? (gint64) from + interval > (gint64) to
                                                                : when + (interval + 1) / 2 > (gint64) to;

          /* Overdue or never inspected: due within one interval from the
           * start, so that a backlog spreads instead of piling up. */
          if (when == next && next == from)
            slot_from = from, slot_to = MIN ((gint64) to, (gint64) from + interval);

          g_array_append_vals (dues, &(GwPlanDue) { i, slot_from, slot_to,
                                                    high && item->per_year < per_year ? GW_DUE_HIGH_RISK : GW_DUE_FREQUENCY,
                                                    ++count, 0, deferrable }, 1);
        }
      for (guint k = dues->len - count; k < dues->len; k++)
        g_array_index (dues, GwPlanDue, k).of = count;
    }
  return dues;
}

/* ---- 2. the draw ---- */

static void
draw_targets (GwInspectionPlan *self,
              GRand            *rand,
              guint             n_targets)
{
  g_autofree guint *order = g_new (guint, MAX (n_targets, 1));
  guint n_draw = (guint) ceil (self->options.random_share * n_targets - 1e-9);

  /* A partial Fisher–Yates shuffle: every target equally likely. */
  for (guint i = 0; i < n_targets; i++)
    order[i] = i;
  for (guint i = 0; i < n_draw && i < n_targets; i++)
    {
      guint j = g_rand_int_range (rand, i, n_targets);
      guint swap = order[i];

      order[i] = order[j];
      order[j] = swap;
      self->drawn[order[i]] = TRUE;
    }
}

/* ---- 3. merging ---- */

static int
compare_due_end (gconstpointer a,
                 gconstpointer b)
{
  const GwPlanDue *da = a, *db = b;

  if (da->to != db->to)
    return da->to < db->to ? -1 : 1;
  return da->from < db->from ? -1 : da->from > db->from;
}

/* The fewest points meeting every window: each new visit goes at the end
 * of the earliest-ending unmet window and takes every unmet window it
 * meets. Returns the number of visits; adds them when @visits is given. */
static guint
stab (GwInspectionPlan *self,
      guint             target,
      GArray           *dues,
      GPtrArray        *visits)
{
  g_autofree gboolean *taken = g_new0 (gboolean, MAX (dues->len, 1));
  g_autofree gboolean *taken_here = g_new0 (gboolean, MAX (dues->len, 1));
  guint n = 0;

  g_array_sort (dues, compare_due_end);
  for (guint i = 0; i < dues->len; i++)
    {
      const GwPlanDue *first = &g_array_index (dues, GwPlanDue, i);
      guint32 point = first->to - 1;
      GwPlanVisit *visit = NULL;

      if (taken[i])
        continue;
      n++;
      memset (taken_here, 0, sizeof (gboolean) * dues->len);
      if (visits)
        {
          visit = g_new0 (GwPlanVisit, 1);
          visit->target = target;
          visit->dues = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));
          visit->inspectors = g_array_new (FALSE, FALSE, sizeof (guint));
          visit->findings = gw_plan_findings_new ();
          visit->notices = g_array_new (FALSE, FALSE, sizeof (GwNotice));
          visit->earliest = first->from;
          visit->latest = point;
          visit->drawn = self->drawn[target];
        }
      for (guint j = i; j < dues->len; j++)
        {
          const GwPlanDue *d = &g_array_index (dues, GwPlanDue, j);
          gboolean same_item = FALSE;

          if (taken[j] || d->from > point || d->to <= point)
            continue;
          /* An item once a visit: its next occurrence waits for the next. */
          for (guint k = i; k < j && !same_item; k++)
            same_item = taken_here[k] && g_array_index (dues, GwPlanDue, k).item == d->item;
          if (same_item)
            continue;
          taken_here[j] = TRUE;
          taken[j] = TRUE;
          if (visit)
            {
              g_array_append_val (visit->dues, *d);
              visit->earliest = MAX (visit->earliest, d->from);
            }
        }
      if (visit)
        g_ptr_array_add (visits, visit);
    }
  return n;
}

static void
choose_lead (GwInspectionPlan *self,
             GwPlanVisit      *visit)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (self->data, &n_items);
  g_autofree guint *count = g_new0 (guint, self->n_departments);
  guint best = 0;

  for (guint i = 0; i < visit->dues->len; i++)
    count[gw_inspection_plan_department_index (self, items[g_array_index (visit->dues, GwPlanDue, i).item].department)]++;
  for (guint d = 1; d < self->n_departments; d++)
    if (count[d] > count[best])
      best = d;
  visit->lead = best;
}

/* The departments taking part, as a bit set. */
guint
gw_inspection_plan_departments_of (GwInspectionPlan  *self,
                const GwPlanVisit *visit)
{
  guint n_items;
  const GwInspectionItem *items = gw_inspection_data_get_items (self->data, &n_items);
  guint set = 0;

  for (guint i = 0; i < visit->dues->len; i++)
    set |= 1u << gw_inspection_plan_department_index (self, items[g_array_index (visit->dues, GwPlanDue, i).item].department);
  return set;
}

/* ---- 4. days ---- */

/* Morton order of the location: nearby targets come close together. */
static guint64
curve_key (const GwInspectionTarget *t)
{
  guint32 x = (guint32) ((t->lon + 180) / 360 * 65535);
  guint32 y = (guint32) ((t->lat + 90) / 180 * 65535);
  guint64 key = 0;

  for (guint b = 0; b < 16; b++)
    key |= ((guint64) ((x >> b) & 1) << (2 * b)) | ((guint64) ((y >> b) & 1) << (2 * b + 1));
  return key;
}

typedef struct
{
  GwPlanVisit *visit;
  guint64 key;
} Ordered;

static int
compare_ordered (gconstpointer a,
                 gconstpointer b)
{
  const Ordered *oa = a, *ob = b;

  if (oa->key != ob->key)
    return oa->key < ob->key ? -1 : 1;
  return oa->visit->target < ob->visit->target ? -1 : oa->visit->target > ob->visit->target;
}

gboolean
gw_inspection_plan_department_room (GwInspectionPlan *self,
                 guint32           day,
                 guint             departments)
{
  guint *load = &self->department_load[(day - self->options.from) * self->n_departments];

  for (guint d = 0; d < self->n_departments; d++)
    if ((departments & (1u << d)) && load[d] >= self->options.department_capacity)
      return FALSE;
  return TRUE;
}

void
gw_inspection_plan_add_department_load (GwInspectionPlan *self,
                     guint32           day,
                     guint             departments,
                     int               delta)
{
  guint *load = &self->department_load[(day - self->options.from) * self->n_departments];

  for (guint d = 0; d < self->n_departments; d++)
    if (departments & (1u << d))
      load[d] += delta;
}

/* ---- 5. teams ---- */

gboolean
gw_inspection_plan_inspector_may (GwInspectionPlan  *self,
                                  guint              inspector,
                                  const GwPlanVisit *visit)
{
  guint n, n_targets;
  const GwInspector *x = &gw_inspection_data_get_inspectors (self->data, &n)[inspector];
  const GwInspectionTarget *target = &gw_inspection_data_get_targets (self->data, &n_targets)[visit->target];

  return (gw_inspection_plan_departments_of (self, visit) & (1u << gw_inspection_plan_department_index (self, x->department))) &&
         g_strv_contains ((const char * const *) x->qualifications, target->category) &&
         !g_strv_contains ((const char * const *) x->conflicts, target->id);
}

guint *
gw_inspection_plan_inspector_load (GwInspectionPlan *self,
                guint32           day,
                guint             inspector)
{
  guint n;

  gw_inspection_data_get_inspectors (self->data, &n);
  return &self->inspector_load[(day - self->options.from) * n + inspector];
}

static gboolean
team_fits (GwInspectionPlan  *self,
           GArray            *team,
           const GwPlanVisit *visit)
{
  guint n;
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (self->data, &n);
  gboolean lead = FALSE;

  if (team == NULL || team->len < self->options.team_size)
    return FALSE;
  for (guint i = 0; i < team->len; i++)
    {
      guint x = g_array_index (team, guint, i);

      if (!gw_inspection_plan_inspector_may (self, x, visit) ||
          *gw_inspection_plan_inspector_load (self, visit->day, x) >= self->options.inspector_capacity)
        return FALSE;
      lead |= gw_inspection_plan_department_index (self, inspectors[x].department) == visit->lead;
    }
  return lead;
}

/* At random among those who may and have room: one of the lead
 * department first, then of the other departments taking part, then of
 * any. */
static GArray *
draw_team (GwInspectionPlan  *self,
           GRand             *rand,
           const GwPlanVisit *visit)
{
  guint n;
  const GwInspector *inspectors = gw_inspection_data_get_inspectors (self->data, &n);
  GArray *team = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GArray) pool = g_array_new (FALSE, FALSE, sizeof (guint));

  for (guint pass = 0; pass < 3 && team->len < self->options.team_size; pass++)
    {
      g_array_set_size (pool, 0);
      for (guint x = 0; x < n; x++)
        {
          gboolean of_lead = gw_inspection_plan_department_index (self, inspectors[x].department) == visit->lead;
          gboolean chosen = FALSE;

          for (guint k = 0; k < team->len && !chosen; k++)
            chosen = g_array_index (team, guint, k) == x;
          if (chosen || !gw_inspection_plan_inspector_may (self, x, visit) ||
              *gw_inspection_plan_inspector_load (self, visit->day, x) >= self->options.inspector_capacity)
            continue;
          if ((pass == 0 && of_lead) || (pass == 1 && !of_lead) || pass == 2)
            g_array_append_val (pool, x);
        }
      /* The lead department gives one; the others the rest. */
      for (guint want = pass == 0 ? 1 : self->options.team_size - team->len; want > 0 && pool->len > 0; want--)
        {
          guint k = g_rand_int_range (rand, 0, pool->len);

          g_array_append_val (team, g_array_index (pool, guint, k));
          g_array_remove_index_fast (pool, k);
        }
      /* Without the lead department there is no team. */
      if (pass == 0 && team->len == 0)
        return team;
    }
  return team;
}

/* ---- 4 and 5: days and teams together ---- */

/* A day is taken only if a team can go: the lead department's or the
 * previous team nearby, else one drawn. Visits come in order of the week
 * they are due by, then along the curve, so neighbours share days and
 * teams. */
static void
schedule (GwInspectionPlan *self,
          GRand            *rand)
{
  guint n_targets;
  const GwInspectionTarget *targets = gw_inspection_data_get_targets (self->data, &n_targets);
  guint days = self->options.to - self->options.from;
  g_autoptr(GArray) order = g_array_sized_new (FALSE, FALSE, sizeof (Ordered), self->visits->len);
  g_autofree GArray **current = g_new0 (GArray *, (gsize) days * self->n_departments);
  g_autofree guint *tried = g_new0 (guint, days);
  g_autofree guint *day_load = g_new0 (guint, days);
  guint32 previous_day = 0;
  guint working_days = 0, cap;

  /* What must happen in this window first; what may wait, after. */
  for (guint i = 0; i < self->visits->len; i++)
    {
      GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      guint64 week = (v->latest - self->options.from) / 7;
      guint64 may_wait = 1;

      for (guint k = 0; k < v->dues->len && may_wait; k++)
        may_wait = g_array_index (v->dues, GwPlanDue, k).deferrable;
      g_array_append_vals (order, &(Ordered) { v, (may_wait << 62) | (week << 32) | (curve_key (&targets[v->target]) >> 32) }, 1);
    }
  g_array_sort (order, compare_ordered);

  /* No working day carries more than 1.3 times the window's mean, while
   * the visits' own windows leave room: a backlog due in one month is
   * not all done in its first weeks. */
  for (guint32 day = self->options.from; day < self->options.to; day++)
    working_days += gw_inspection_plan_is_working (self, day);
  cap = working_days ? MAX (1, (guint) floor (MAX_LOAD_OVER_MEAN * self->visits->len / working_days)) : G_MAXUINT;
  self->n_crowded = 0;

  for (guint i = 0; i < order->len; i++)
    {
      GwPlanVisit *v = g_array_index (order, Ordered, i).visit;
      guint departments = gw_inspection_plan_departments_of (self, v);
      GArray *team = NULL;

      v->day = 0;
      /* The day the neighbour before went, while its team can go on;
       * else the least busy day for the lead department, so that a
       * backlog spreads over the window instead of piling up at its start. */
      if (previous_day >= v->earliest && previous_day <= v->latest &&
          gw_inspection_plan_is_working (self, previous_day) &&
          day_load[previous_day - self->options.from] < cap &&
          gw_inspection_plan_department_room (self, previous_day, departments))
        {
          v->day = previous_day;
          team = current[(previous_day - self->options.from) * self->n_departments + v->lead];
          if (!team_fits (self, team, v))
            v->day = 0, team = NULL;
        }
      while (v->day == 0)
        {
          guint32 best = 0;
          guint64 best_load = G_MAXUINT64;
          GArray **slot;
          g_autoptr(GArray) drawn = NULL;

          /* The least busy day, all departments counted first and the
           * lead's second; a day at the cap only when no other is left. */
          for (guint32 day = v->earliest; day <= v->latest && day < self->options.to; day++)
            {
              guint64 load;
              guint total;

              if (day < self->options.from || tried[day - self->options.from] == i + 1 ||
                  !gw_inspection_plan_is_working (self, day) || !gw_inspection_plan_department_room (self, day, departments))
                continue;
              total = day_load[day - self->options.from];
              load = ((guint64) (total >= cap) << 63) | ((guint64) total << 32) |
                     self->department_load[(day - self->options.from) * self->n_departments + v->lead];
              if (load < best_load)
                best = day, best_load = load;
            }
          if (best == 0)
            break;
          tried[best - self->options.from] = i + 1;
          v->day = best;
          drawn = draw_team (self, rand, v);
          if (drawn->len < self->options.team_size)
            {
              v->day = 0;
              continue;
            }
          slot = &current[(best - self->options.from) * self->n_departments + v->lead];
          if (*slot)
            g_array_unref (*slot);
          team = *slot = g_steal_pointer (&drawn);
        }
      /* Nothing fits: the first working day, no team; check() says so. */
      for (guint32 day = v->earliest; day <= v->latest && v->day == 0; day++)
        if (gw_inspection_plan_is_working (self, day))
          v->day = day;
      if (v->day == 0)
        v->day = v->earliest;
      if (v->day < self->options.from || v->day >= self->options.to)
        continue;
      previous_day = v->day;
      /* Over the cap: the visit's window had no other day; said in the
       * plan's summary. */
      if (day_load[v->day - self->options.from]++ >= cap)
        self->n_crowded++;
      gw_inspection_plan_add_department_load (self, v->day, departments, 1);
      g_array_set_size (v->inspectors, 0);
      if (team)
        {
          g_array_append_vals (v->inspectors, team->data, team->len);
          for (guint k = 0; k < team->len; k++)
            (*gw_inspection_plan_inspector_load (self, v->day, g_array_index (team, guint, k)))++;
        }
    }
  for (gsize k = 0; k < (gsize) days * self->n_departments; k++)
    if (current[k])
      g_array_unref (current[k]);
}

/* ---- what is left for the next plan, and the bounds ---- */

/* A visit that found no day and no team goes to the next plan when all its
 * items may wait; else it stays, and check() says what it breaks. */
static void
defer_what_does_not_fit (GwInspectionPlan *self)
{
  for (guint i = self->visits->len; i > 0; i--)
    {
      GwPlanVisit *v = g_ptr_array_index (self->visits, i - 1);
      gboolean may_wait = TRUE;

      if (v->inspectors->len >= self->options.team_size)
        continue;
      for (guint k = 0; k < v->dues->len && may_wait; k++)
        may_wait = g_array_index (v->dues, GwPlanDue, k).deferrable;
      if (!may_wait)
        continue;
      if (v->day >= self->options.from && v->day < self->options.to)
        gw_inspection_plan_add_department_load (self, v->day, gw_inspection_plan_departments_of (self, v), -1);
      self->n_deferred += v->dues->len;
      g_ptr_array_remove_index (self->visits, i - 1);
    }
}

static void
unref_if_any (gpointer array)
{
  if (array)
    g_array_unref (array);
}

/* Over what is planned: the fewest visits possible (each target as many
 * as its most frequent item), and what departments going alone would
 * need (each merging only its own items). */
static void
count_bounds (GwInspectionPlan       *self,
              guint                   n_targets,
              guint                   n_items,
              const GwInspectionItem *items)
{
  g_autoptr(GPtrArray) by_target = g_ptr_array_new_with_free_func (unref_if_any);

  for (guint t = 0; t < n_targets; t++)
    g_ptr_array_add (by_target, NULL);
  for (guint i = 0; i < self->visits->len; i++)
    {
      GwPlanVisit *v = g_ptr_array_index (self->visits, i);
      GArray *dues = g_ptr_array_index (by_target, v->target);

      if (dues == NULL)
        g_ptr_array_index (by_target, v->target) = dues = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));
      g_array_append_vals (dues, v->dues->data, v->dues->len);
      self->n_dues += v->dues->len;
    }
  for (guint t = 0; t < n_targets; t++)
    {
      GArray *dues = g_ptr_array_index (by_target, t);
      g_autofree guint *per_item = NULL;
      guint most = 0;

      if (dues == NULL)
        continue;
      per_item = g_new0 (guint, MAX (n_items, 1));
      for (guint i = 0; i < dues->len; i++)
        {
          guint count = ++per_item[g_array_index (dues, GwPlanDue, i).item];

          most = MAX (most, count);
        }
      self->lower_bound += most;
      for (guint d = 0; d < self->n_departments; d++)
        {
          g_autoptr(GArray) own = g_array_new (FALSE, FALSE, sizeof (GwPlanDue));

          for (guint i = 0; i < dues->len; i++)
            if (gw_inspection_plan_department_index (self, items[g_array_index (dues, GwPlanDue, i).item].department) == d)
              g_array_append_val (own, g_array_index (dues, GwPlanDue, i));
          self->separate_visits += stab (self, t, own, NULL);
        }
    }
}

/* ---- the plan ---- */

static int
compare_visits (gconstpointer a,
                gconstpointer b)
{
  const GwPlanVisit *va = *(GwPlanVisit **) a, *vb = *(GwPlanVisit **) b;

  if (va->day != vb->day)
    return va->day < vb->day ? -1 : 1;
  return va->target < vb->target ? -1 : va->target > vb->target;
}

/* The plan's frame, without visits: its days and its loads. */
GwInspectionPlan *
gw_inspection_plan_new_empty (GwInspectionData    *data,
                              const GwPlanOptions *options)
{
  GwInspectionPlan *self = g_object_new (GW_TYPE_INSPECTION_PLAN, NULL);
  guint n_targets, n_inspectors, days = options->to - options->from;

  self->data = g_object_ref (data);
  self->options = *options;
  if (options->calendar)
    g_object_ref (options->calendar);
  gw_inspection_data_get_targets (data, &n_targets);
  gw_inspection_data_get_inspectors (data, &n_inspectors);
  self->n_departments = g_strv_length ((char **) gw_inspection_data_get_departments (data));

  self->working = g_new0 (gboolean, days);
  for (guint d = 0; d < days; d++)
    {
      GDate date;

      g_date_set_julian (&date, options->from + d);
      if (options->calendar)
        {
          g_autoptr(GDateTime) noon = g_date_time_new (gw_work_calendar_get_timezone (options->calendar),
                                                       g_date_get_year (&date), g_date_get_month (&date),
                                                       g_date_get_day (&date), 12, 0, 0);

          self->working[d] = gw_work_calendar_is_working_day (options->calendar, noon);
        }
      else
        self->working[d] = g_date_get_weekday (&date) <= G_DATE_FRIDAY;
    }
  self->department_load = g_new0 (guint, days * self->n_departments);
  self->inspector_load = g_new0 (guint, (gsize) days * MAX (n_inspectors, 1));
  self->drawn = g_new0 (gboolean, MAX (n_targets, 1));
  return self;
}

GwInspectionPlan *
gw_inspection_plan_compute (GwInspectionData    *data,
                            const GwPlanOptions *options,
                            GError             **error)
{
  g_autoptr(GwInspectionPlan) self = NULL;
  g_autoptr(GRand) rand = NULL;
  guint n_targets, n_items;
  const GwInspectionItem *items;

  g_return_val_if_fail (GW_IS_INSPECTION_DATA (data), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (options->to <= options->from || options->to - options->from > 366 * 2)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA, _("A plan covers a window of one day to two years"));
      return NULL;
    }
  if (options->team_size < 2 || options->random_share < 0 || options->random_share > 1 ||
      options->max_per_department == 0 || options->department_capacity == 0 || options->inspector_capacity == 0)
    {
      g_set_error (error, GW_ERROR, GW_ERROR_INVALID_DATA,
                   _("A plan needs teams of two or more, a random share from 0 to 1 and capacities above zero"));
      return NULL;
    }

  self = gw_inspection_plan_new_empty (data, options);
  rand = g_rand_new_with_seed (options->seed);
  gw_inspection_data_get_targets (data, &n_targets);
  items = gw_inspection_data_get_items (data, &n_items);

  draw_targets (self, rand, n_targets);

  for (guint t = 0; t < n_targets; t++)
    {
      g_autoptr(GArray) dues = gw_inspection_plan_dues_of (self, t);

      if (dues->len > 0)
        stab (self, t, dues, self->visits);
    }
  for (guint i = 0; i < self->visits->len; i++)
    choose_lead (self, g_ptr_array_index (self->visits, i));

  schedule (self, rand);
  defer_what_does_not_fit (self);
  g_ptr_array_sort (self->visits, compare_visits);
  count_bounds (self, n_targets, n_items, items);
  for (guint i = 0; i < self->visits->len; i++)
    ((GwPlanVisit *) g_ptr_array_index (self->visits, i))->id = i + 1;

  return g_steal_pointer (&self);
}

GwInspectionData *
gw_inspection_plan_get_data (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);
  return self->data;
}

const GwPlanOptions *
gw_inspection_plan_get_options (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);
  return &self->options;
}

guint
gw_inspection_plan_get_n_visits (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->visits->len;
}

GwPlanVisit *
gw_inspection_plan_get_visit (GwInspectionPlan *self,
                              guint             index)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);
  g_return_val_if_fail (index < self->visits->len, NULL);
  return g_ptr_array_index (self->visits, index);
}

GwPlanVisit *
gw_inspection_plan_find_visit (GwInspectionPlan *self,
                               guint             id)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);

  for (guint i = 0; i < self->visits->len; i++)
    if (((GwPlanVisit *) g_ptr_array_index (self->visits, i))->id == id)
      return g_ptr_array_index (self->visits, i);
  return NULL;
}

const gboolean *
gw_inspection_plan_get_drawn (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), NULL);
  return self->drawn;
}

guint
gw_inspection_plan_get_n_dues (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->n_dues;
}

guint
gw_inspection_plan_get_lower_bound (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->lower_bound;
}

guint
gw_inspection_plan_get_n_crowded (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->n_crowded;
}

guint
gw_inspection_plan_get_n_deferred (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->n_deferred;
}

guint
gw_inspection_plan_get_separate_visits (GwInspectionPlan *self)
{
  g_return_val_if_fail (GW_IS_INSPECTION_PLAN (self), 0);
  return self->separate_visits;
}

