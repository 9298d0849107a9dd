/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Console input multiplexer.  Every byte read from the board UART goes to
 * the virtual UART of the partition that has the input focus.  Ctrl-\
 * (0x1c) starts a command:
 *   Ctrl-\ 0..9    focus partition N
 *   Ctrl-\ n       focus the next partition
 *   Ctrl-\ ?       list the partitions and show which has the focus
 *   Ctrl-\ Ctrl-\  send one Ctrl-\ to the focused partition
 * Any other byte after Ctrl-\ prints this help and is dropped.  Only
 * partitions whose console is CONSOLE_VUART can have the focus.
 */
#ifndef BULKHEAD_CONSOLE_H
#define BULKHEAD_CONSOLE_H

#include <bulkhead/types.h>

#define CONSOLE_ESCAPE '\x1c' /* Ctrl-\ */
#define CONSOLE_NO_FOCUS (~0U)

/* The multiplexer's state; a struct so that tests can drive their own. */
struct console_mux {
	unsigned focus; /* partition id, or CONSOLE_NO_FOCUS */
	bool escape; /* the previous byte was CONSOLE_ESCAPE */
};

struct part;

/* Focus the first partition with a virtual UART (partition 0 normally). */
void console_mux_init(struct console_mux *m);
/* Feed one input byte through m. */
void console_mux_input(struct console_mux *m, char c);

/* The hypervisor's multiplexer: init once at boot, before input arrives. */
void console_init(void);
/* One byte received on the board UART.  Any core, IRQs masked. */
void console_input_char(char c);
/* Read every byte waiting in the board UART and feed it to
 * console_input_char() (from the UART's receive interrupt). */
void console_drain_input(void);
/* The partition that has the focus, or NULL. */
struct part *console_focus(void);
/* A partition stopped: console input may have to move off its cores. */
void console_partition_stopped(void);

/*
 * Route the board UART's interrupt to a core of focus (its first one),
 * or, if focus cannot take it (none, direct mode, stopped), to the first
 * running trap-mode partition's (core/console_route.c).  Called with the
 * console input lock held.
 */
void console_input_follow(const struct part *focus);

#endif /* BULKHEAD_CONSOLE_H */
