/*
 * linked-list.c: build a linked list of 6 nodes, each with a name of its
 * own, then free it.  Recorded into linked-list.mvs (see README).  It
 * prints with write(2), not stdio, so that the C library allocates no
 * output buffer and every heap call in the recording is the program's.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct node {
	int value;
	char *name;
	struct node *next;
};

static char *make_name(int i)
{
	char *s = malloc(8);

	memcpy(s, "node-", 5);
	s[5] = (char)('0' + i);
	s[6] = '\0';
	return s;
}

static struct node *make_node(int i, struct node *next)
{
	struct node *n = malloc(sizeof *n);

	n->value = i * i;
	n->name = make_name(i);
	n->next = next;
	return n;
}

static void free_list(struct node *head)
{
	while (head) {
		struct node *next = head->next;
		free(head->name);
		free(head);
		head = next;
	}
}

int main(void)
{
	struct node *head = NULL;
	int i, sum = 0;
	struct node *n;

	for (i = 0; i < 6; i++)
		head = make_node(i, head);
	for (n = head; n; n = n->next)
		sum += n->value;
	free_list(head);
	return write(1, sum == 55 ? "sum 55\n" : "wrong\n", sum == 55 ? 7 : 6) > 0 ? 0 : 1;
}
