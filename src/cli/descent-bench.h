/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

int descent_bench_main (int    argc,
                        char **argv);
