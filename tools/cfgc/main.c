// SPDX-License-Identifier: Apache-2.0
/*
 * cfgc command line.  Usage:
 *   cfgc [-f shown-name] [-n system] [-s image=bytes]... [-o config.c]
 *        [-m config.mk] [-d dtb-dir [-t]] config.dtb
 * Without outputs it only checks.  -d writes the guest trees there (and
 * config.mk names them there); with -t they are only named: the build
 * writes them in a second run, once the sizes of the blobs they describe
 * (-s) are known.  Exit status 1 on any error, with one
 * "<file>: <node>: <problem>" line on stderr.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libfdt.h>

#include "cfgc.h"

#define MAX_DTB (1 << 20)
#define GUEST_DTB_MAX 0x10000 /* the slot check.c reserves */

struct args {
	struct cfgc_opts opts;
	const char *input, *out_c, *out_mk, *dtb_dir;
	bool tables_only; /* -t */
};

static int usage(void)
{
	fprintf(stderr, "usage: cfgc [-f shown-name] [-n system] "
			"[-s image=bytes]... [-o config.c] [-m config.mk] "
			"[-d dtb-dir [-t]] config.dtb\n");
	return 2;
}

static void *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = malloc(MAX_DTB);

	if (f == NULL || buf == NULL) {
		free(buf);
		if (f)
			fclose(f);
		return NULL;
	}
	*len = fread(buf, 1, MAX_DTB, f);
	fclose(f);
	return buf;
}

static bool add_size(struct cfgc_opts *o, char *arg)
{
	char *eq = strchr(arg, '='), *end;

	if (eq == NULL || o->size_count >= CFGC_MAX_SIZES)
		return false;
	*eq = '\0';
	o->sizes[o->size_count].name = arg;
	o->sizes[o->size_count].size = strtoull(eq + 1, &end, 0);
	if (*end != '\0')
		return false;
	o->size_count++;
	return true;
}

/* The system name defaults to the config file's base name. */
static const char *base_name(const char *path)
{
	static char buf[64];
	const char *s = strrchr(path, '/');
	char *dot;

	snprintf(buf, sizeof(buf), "%s", s ? s + 1 : path);
	dot = strchr(buf, '.');
	if (dot)
		*dot = '\0';
	return buf;
}

static bool parse_args(int argc, char **argv, struct args *a)
{
	for (int i = 1; i < argc; i++) {
		const char *o = argv[i];
		char *v = i + 1 < argc ? argv[i + 1] : NULL;

		if (o[0] != '-') {
			a->input = o;
			continue;
		}
		if (strcmp(o, "-t") == 0) {
			a->tables_only = true;
			continue;
		}
		if (v == NULL || o[2] != '\0')
			return false;
		i++;
		switch (o[1]) {
		case 'f':
			a->opts.file = v;
			break;
		case 'n':
			a->opts.system_name = v;
			break;
		case 'o':
			a->out_c = v;
			break;
		case 'm':
			a->out_mk = v;
			break;
		case 'd':
			a->dtb_dir = v;
			break;
		case 's':
			if (!add_size(&a->opts, v))
				return false;
			break;
		default:
			return false;
		}
	}
	if (a->input == NULL)
		return false;
	if (a->opts.file == NULL)
		a->opts.file = a->input;
	if (a->opts.system_name == NULL)
		a->opts.system_name = base_name(a->opts.file);
	return true;
}

/* <dir>/<partition>.gicv<n>.dtb: the tree for a host GIC of version n. */
static int write_dtb(const struct cfgc_model *m, unsigned i, unsigned gic,
		     const char *dir)
{
	static char buf[GUEST_DTB_MAX];
	char path[512];
	int len = cfgc_build_dtb(m, i, gic, buf, (int)sizeof(buf));
	FILE *f;

	if (len < 0) {
		fprintf(stderr,
			"%s: %s: guest device tree (GICv%u) does not fit in "
			"64 KiB or cannot be built\n",
			m->opts->file, m->part[i].path, gic);
		return -1;
	}
	snprintf(path, sizeof(path), "%s/%s.gicv%u.dtb", dir, m->part[i].name,
		 gic);
	f = fopen(path, "wb");
	if (f == NULL || fwrite(buf, 1, (size_t)len, f) != (size_t)len) {
		perror(path);
		if (f)
			fclose(f);
		return -1;
	}
	if (fclose(f) != 0) {
		perror(path);
		return -1;
	}
	return 0;
}

static int write_dtbs(const struct cfgc_model *m, const char *dir)
{
	for (unsigned i = 0; i < m->part_count; i++)
		for (unsigned v = 2; v <= 3; v++)
			if (cfgc_has_gic(&m->board, v) &&
			    write_dtb(m, i, v, dir) != 0)
				return -1;
	return 0;
}

static int emit(const struct cfgc_model *m, const struct args *a)
{
	if (a->out_c && cfgc_emit_c(m, a->out_c) != 0) {
		perror(a->out_c);
		return 1;
	}
	if (a->out_mk &&
	    cfgc_emit_mk(m, a->out_mk, a->dtb_dir ? a->dtb_dir : ".") != 0) {
		perror(a->out_mk);
		return 1;
	}
	if (a->dtb_dir && !a->tables_only && write_dtbs(m, a->dtb_dir) != 0)
		return 1;
	return 0;
}

int main(int argc, char **argv)
{
	static struct cfgc_model model;
	struct args a = {0};
	size_t len = 0;
	void *fdt;
	int rc;

	if (!parse_args(argc, argv, &a))
		return usage();
	fdt = read_file(a.input, &len);
	if (fdt == NULL) {
		fprintf(stderr, "cfgc: %s: %s\n", a.input, strerror(errno));
		return 1;
	}
	if (!cfgc_load(&model, fdt, len, &a.opts)) {
		fprintf(stderr, "%s\n", model.err);
		free(fdt);
		return 1;
	}
	rc = emit(&model, &a);
	free(fdt);
	return rc;
}
