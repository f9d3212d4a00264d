/*
 * TEMPORARY: main declares evtchn_dump() (minixen/event.h, debug key 'e')
 * but does not define it yet.  This stand-in lets the console branch
 * link; delete this file when main's definition lands (the link then
 * fails with a duplicate definition until it is gone).
 */
#include <minixen/event.h>

void evtchn_dump(void)
{
}
