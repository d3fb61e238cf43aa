/* gw-case-names.c: people, departments and towns by name, never by id
 *
 * An assignee is "worker:ID", "department:ID" or "town:CODE"; the
 * reference data names them. Field users log in under their worker's
 * or department's id, so an actor is looked up the same way; anyone else
 * by the display name the server gave. An id is shown only when nothing
 * names it, and then without its prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gw-case.h"
#include "gw-case-names.h"

static char *
worker_name (GwReferenceData *reference,
             const char      *id)
{
  GwWorker *worker = reference ? gw_reference_data_lookup_worker (reference, id) : NULL;

  return worker && gw_worker_get_name (worker) ? g_strdup (gw_worker_get_name (worker)) : NULL;
}

static char *
department_name (GwReferenceData *reference,
                 const char      *id)
{
  GwDepartment *department = reference ? gw_reference_data_lookup_department (reference, id) : NULL;

  return department ? g_strdup (gw_department_get_display_name (department)) : NULL;
}

static char *
grid_name (GwReferenceData *reference,
           const char      *code)
{
  GwGrid *grid = reference ? gw_reference_data_lookup_grid (reference, code) : NULL;

  return grid && gw_grid_get_name (grid) ? g_strdup (gw_grid_get_name (grid)) : NULL;
}

/* Whom a case is given to, by name; NULL for nobody. */
char *
gw_case_assignee_label (GwReferenceData *reference,
                        const char      *assignee)
{
  const char *id = NULL;
  char *name = NULL;

  if (assignee == NULL || *assignee == '\0')
    return NULL;
  switch (gw_assignee_parse (assignee, &id))
    {
    case GW_ASSIGNEE_WORKER:
      name = worker_name (reference, id);
      break;
    case GW_ASSIGNEE_DEPARTMENT:
      name = department_name (reference, id);
      break;
    case GW_ASSIGNEE_TOWN:
      name = grid_name (reference, id);
      break;
    case GW_ASSIGNEE_INVALID:
    default:
      return g_strdup (assignee);
    }
  return name ? name : g_strdup (id);
}

/* Who did something, by name: @display_name is the server's, when it
 * gave one. */
char *
gw_case_actor_label (GwReferenceData *reference,
                     const char      *user,
                     const char      *display_name)
{
  char *name;

  if (user == NULL || *user == '\0')
    /* Translators: who did something the server did on its own */
    return g_strdup (display_name ? display_name : _("the town server"));
  if ((name = worker_name (reference, user)) || (name = department_name (reference, user)))
    return name;
  /* The demo server's simulator acts as "simulator", "simulator-dispatch"
   * and the like, users of no table. */
  if (display_name == NULL && g_str_has_prefix (user, "simulator"))
    return g_strdup (_("Demo simulator"));
  return g_strdup (display_name && *display_name ? display_name : user);
}
