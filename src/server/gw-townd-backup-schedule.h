/* gw-townd-backup-schedule.h: a rolling set of backups while serving
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GW_TYPE_TOWND_BACKUP_SCHEDULE (gw_townd_backup_schedule_get_type ())

G_DECLARE_FINAL_TYPE (GwTowndBackupSchedule, gw_townd_backup_schedule, GW, TOWND_BACKUP_SCHEDULE, GObject)

GwTowndBackupSchedule *gw_townd_backup_schedule_new  (const char             *db_path,
                                                      const char             *dir,
                                                      double                  hours,
                                                      int                     keep,
                                                      GError                **error);
void                   gw_townd_backup_schedule_stop (GwTowndBackupSchedule  *self);

G_END_DECLS
