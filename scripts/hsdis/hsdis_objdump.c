/*
 * A disassembler plugin for HotSpot (hsdis) that decodes with binutils' objdump, so that
 * -XX:+PrintAssembly and -XX:CompileCommand=print show what C2 made of a method. HotSpot calls
 * decode_instructions_virtual with a code buffer; this writes the buffer to a temporary file, runs
 * objdump on it as raw machine code at the buffer's virtual address, and hands each instruction back
 * through the callbacks, so HotSpot interleaves its own comments (bytecode index, inlining scopes,
 * oop maps). A development aid only: built by scripts/hsdis.sh, never part of the library.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#if defined(__x86_64__)
#define OBJDUMP_MACHINE "-m i386:x86-64 -M intel"
#elif defined(__aarch64__)
#define OBJDUMP_MACHINE "-m aarch64"
#else
#error "hsdis_objdump: only x86-64 and AArch64 are supported"
#endif

typedef void *(*event_callback_t)(void *stream, const char *event, void *arg);
typedef int (*printf_callback_t)(void *stream, const char *format, ...);

/* One decoded instruction: its address and its text. */
static void emit(event_callback_t event, void *event_stream, printf_callback_t print, void *print_stream,
                 uintptr_t address, uintptr_t next, const char *text, int newline) {
    event(event_stream, "insn", (void *) address);
    print(print_stream, "%s", text);
    event(event_stream, "/insn", (void *) next);
    if (newline) {
        print(print_stream, "\n");
    }
}

void *decode_instructions_virtual(uintptr_t start_va, uintptr_t end_va, unsigned char *buffer, uintptr_t length,
                                  event_callback_t event, void *event_stream,
                                  printf_callback_t print, void *print_stream,
                                  const char *options, int newline) {
    (void) options;
    char path[] = "/tmp/hsdis-objdump-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) {
        print(print_stream, "hsdis_objdump: cannot create a temporary file\n");
        return NULL;
    }
    ssize_t written = write(fd, buffer, length);
    close(fd);
    if (written != (ssize_t) length) {
        unlink(path);
        print(print_stream, "hsdis_objdump: cannot write the code to %s\n", path);
        return NULL;
    }
    const char *objdump = getenv("HSDIS_OBJDUMP");
    char command[1024];
    snprintf(command, sizeof command, "%s -D -b binary " OBJDUMP_MACHINE " --no-show-raw-insn --adjust-vma=0x%lx %s",
             objdump != NULL ? objdump : "objdump", (unsigned long) start_va, path);
    FILE *out = popen(command, "r");
    if (out == NULL) {
        unlink(path);
        print(print_stream, "hsdis_objdump: cannot run: %s\n", command);
        return NULL;
    }
    /* objdump prints "  address:\tinstruction"; an instruction ends where the next one starts. */
    char line[1024];
    char pending[1024];
    uintptr_t pending_address = 0;
    int have_pending = 0;
    while (fgets(line, sizeof line, out) != NULL) {
        char *colon = strchr(line, ':');
        if (line[0] != ' ' || colon == NULL) {
            continue;
        }
        uintptr_t address = (uintptr_t) strtoull(line, NULL, 16);
        char *text = colon + 1;
        text += strspn(text, " \t");
        text[strcspn(text, "\n")] = '\0';
        if (have_pending) {
            emit(event, event_stream, print, print_stream, pending_address, address, pending, newline);
        }
        pending_address = address;
        snprintf(pending, sizeof pending, "%s", text);
        have_pending = 1;
    }
    if (have_pending) {
        emit(event, event_stream, print, print_stream, pending_address, end_va, pending, newline);
    }
    pclose(out);
    unlink(path);
    return (void *) end_va;
}
