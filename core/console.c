// SPDX-License-Identifier: Apache-2.0
/*
 * Console input multiplexer: the board UART's input goes to the focused
 * partition's virtual UART; Ctrl-\ commands move the focus (see console.h).
 */
#include <bulkhead/console.h>
#include <bulkhead/plat.h>
#include <bulkhead/log.h>
#include <bulkhead/part.h>
#include <bulkhead/spinlock.h>

static struct console_mux console_state = {.focus = CONSOLE_NO_FOCUS};
static struct spinlock console_input_lock;

/* Partition id, if it exists and has a virtual UART, else NULL. */
static struct part *console_target(unsigned id)
{
	struct part *p;

	if (id == CONSOLE_NO_FOCUS)
		return NULL;
	p = part_get(id);
	if (p == NULL || p->cfg->console != CONSOLE_VUART)
		return NULL;
	return p;
}

/* The first partition with a virtual UART from id on, wrapping. */
static unsigned console_find_from(unsigned id)
{
	unsigned n = part_count();

	for (unsigned i = 0; i < n; i++) {
		unsigned cand = (id + i) % n;

		if (console_target(cand) != NULL)
			return cand;
	}
	return CONSOLE_NO_FOCUS;
}

void console_mux_init(struct console_mux *m)
{
	*m = (struct console_mux){.focus = console_find_from(0),
				  .escape = false};
}

static void console_set_focus(struct console_mux *m, unsigned id)
{
	struct part *p = console_target(id);

	if (p == NULL) {
		log_printf("console: no partition %u with a virtual UART", id);
		return;
	}
	m->focus = id;
	log_printf("console focus -> '%s'", p->cfg->name);
}

static void console_focus_next(struct console_mux *m)
{
	unsigned start = m->focus == CONSOLE_NO_FOCUS ? 0 : m->focus + 1;
	unsigned id = console_find_from(start);

	if (id == CONSOLE_NO_FOCUS) {
		log_printf("console: no partition has a virtual UART");
		return;
	}
	console_set_focus(m, id);
}

static void console_help(void)
{
	log_printf("console: Ctrl-\\ then 0-9: focus partition, n: next, "
		   "?: list, Ctrl-\\: send Ctrl-\\");
}

static void console_list(const struct console_mux *m)
{
	console_help();
	for (unsigned id = 0; id < part_count(); id++) {
		struct part *p = part_get(id);
		bool vuart = console_target(id) != NULL;

		if (p == NULL)
			continue;
		/* rx_dropped is read unlocked: a statistic, may be stale. */
		log_printf("console: %c %u '%s'%s (input dropped: %u)",
			   id == m->focus ? '*' : ' ', id, p->cfg->name,
			   vuart ? "" : " no virtual UART",
			   (unsigned)p->vuart.rx_dropped);
	}
}

/* A byte after Ctrl-\. */
static void console_command(struct console_mux *m, char c)
{
	struct part *p;

	if (c >= '0' && c <= '9') {
		console_set_focus(m, (unsigned)(c - '0'));
	} else if (c == 'n') {
		console_focus_next(m);
	} else if (c == '?') {
		console_list(m);
	} else if (c == CONSOLE_ESCAPE) {
		p = console_target(m->focus);
		if (p != NULL)
			vuart_rx_push(&p->vuart, c);
	} else {
		console_help();
	}
}

void console_mux_input(struct console_mux *m, char c)
{
	struct part *p;

	if (m->escape) {
		m->escape = false;
		console_command(m, c);
		return;
	}
	if (c == CONSOLE_ESCAPE) {
		m->escape = true;
		return;
	}
	p = console_target(m->focus);
	if (p != NULL)
		vuart_rx_push(&p->vuart, c);
}

void console_init(void)
{
	struct part *p;

	console_mux_init(&console_state);
	p = console_target(console_state.focus);
	if (p != NULL)
		log_printf("console focus -> '%s' (Ctrl-\\ ? for help)",
			   p->cfg->name);
	console_input_follow(p);
}

void console_input_char(char c)
{
	unsigned before;

	spin_lock(&console_input_lock);
	before = console_state.focus;
	console_mux_input(&console_state, c);
	/* The next keys go to the new partition: let its core take them. */
	if (console_state.focus != before)
		console_input_follow(console_target(console_state.focus));
	spin_unlock(&console_input_lock);
}

void console_partition_stopped(void)
{
	spin_lock(&console_input_lock);
	console_input_follow(console_target(console_state.focus));
	spin_unlock(&console_input_lock);
}

struct part *console_focus(void)
{
	return console_target(console_state.focus);
}

void console_drain_input(void)
{
	int c;

	while ((c = plat_console_getc()) >= 0)
		console_input_char((char)c);
}
