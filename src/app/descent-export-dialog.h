/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "dt-plot.h"

G_BEGIN_DECLS

#define DESCENT_TYPE_EXPORT_DIALOG (descent_export_dialog_get_type ())

G_DECLARE_FINAL_TYPE (DescentExportDialog, descent_export_dialog, DESCENT, EXPORT_DIALOG, GtkWindow)

DescentExportDialog *descent_export_dialog_new             (GtkWindow           *parent,
                                                            GPtrArray           *plots,
                                                            guint                current,
                                                            const char          *base_name);
void                 descent_export_dialog_set_format      (DescentExportDialog *self,
                                                            DtExportFormat       format);
DtExportFormat       descent_export_dialog_get_format      (DescentExportDialog *self);
void                 descent_export_dialog_set_csv         (DescentExportDialog *self,
                                                            gboolean             csv);
gboolean             descent_export_dialog_get_csv         (DescentExportDialog *self);
void                 descent_export_dialog_set_record      (DescentExportDialog *self,
                                                            DtRecord            *record);
void                 descent_export_dialog_set_size        (DescentExportDialog *self,
                                                            double               width,
                                                            double               height);
void                 descent_export_dialog_set_png_scale   (DescentExportDialog *self,
                                                            double               scale);
void                 descent_export_dialog_set_all_plots   (DescentExportDialog *self,
                                                            gboolean             all_plots);
void                 descent_export_dialog_set_single_file (DescentExportDialog *self,
                                                            gboolean             single_file);
char               **descent_export_dialog_export_to_path  (DescentExportDialog *self,
                                                            const char          *path,
                                                            GError             **error);

G_END_DECLS
