/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

/*
 * GMutex locks with futexes, which ThreadSanitizer does not see: every
 * access a GMutex orders would be reported as a race. These wrappers are
 * g_mutex_lock() and g_mutex_unlock() that, in a ThreadSanitizer build,
 * also tell it about the ordering.
 */

#if defined(__SANITIZE_THREAD__)
#define DT_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DT_TSAN 1
#endif
#endif

#ifdef DT_TSAN
void __tsan_acquire (void *addr);
void __tsan_release (void *addr);
#endif

static inline void
dt_mutex_lock (GMutex *mutex)
{
  g_mutex_lock (mutex);
#ifdef DT_TSAN
  __tsan_acquire (mutex);
#endif
}

static inline void
dt_mutex_unlock (GMutex *mutex)
{
#ifdef DT_TSAN
  __tsan_release (mutex);
#endif
  g_mutex_unlock (mutex);
}
