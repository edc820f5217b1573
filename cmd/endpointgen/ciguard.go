package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"io"
	"os"
	"strings"
	"unicode"
)

// Under a CI runner, a line of a step's output can be a command to the
// runner rather than text, and endpointgen prints what its input holds: a
// manifest's path, a field's value, a line of source, a generated file's
// line in --diff. A manifest that holds "##vso[task.setvariable …]" would
// otherwise set a variable of the pipeline, or prepend a folder to its PATH
// for the steps after it.
//
//   - The Azure Pipelines agent reads "##vso[" anywhere in a line, on
//     standard output and standard error alike
//     (https://github.com/microsoft/azure-pipelines-agent/blob/master/src/Microsoft.VisualStudio.Services.Agent/Command.cs,
//     message.IndexOf(LoggingCommandPrefix)), and "##[" at a line's start
//     as a formatting command
//     (https://learn.microsoft.com/azure/devops/pipelines/scripts/logging-commands).
//   - The GitHub Actions runner reads a line that, without its leading
//     white space, starts with "::" (a workflow command), and "##[" anywhere
//     in a line (the older form)
//     (https://github.com/actions/runner/blob/main/src/Runner.Common/ActionCommand.cs,
//     TryParseV2's message.TrimStart() and TryParse's message.IndexOf(Prefix)).
//     Its reader drops a byte order mark that starts the stream.
//
// So while a runner reads the output, endpointgen writes each line through
// a commandGuard, which puts a backslash into every such command it did not
// mean (##vso\[, ##\[, \::), whichever runner it is. Its own annotations
// start with annotationMark, which the guard takes off and which no input
// can know; after an annotation's own command, the rest of its line is
// guarded too (a GitHub annotation that an Azure agent reads, say).

// ciRunner reports whether a CI runner that reads commands in a step's
// output runs endpointgen: Azure Pipelines sets TF_BUILD=True
// (https://learn.microsoft.com/azure/devops/pipelines/build/variables),
// GitHub Actions GITHUB_ACTIONS=true
// (https://docs.github.com/en/actions/reference/variables-reference);
// ENDPOINTGEN_ANNOTATE asks for annotations to one.
func ciRunner() bool {
	format, _ := annotateFormat()
	return strings.EqualFold(os.Getenv("TF_BUILD"), "true") || strings.EqualFold(os.Getenv("GITHUB_ACTIONS"), "true") || format != ""
}

// annotationMark starts each line of endpointgen's own annotations while a
// commandGuard is in place ("" otherwise): random per run, so a manifest
// cannot forge it.
var annotationMark string

// guardStreams puts a commandGuard on out and errOut when a CI runner may
// read them, and returns them with a flush to call when the run ends. Also
// when they are files: a step's file is often printed later (init's
// pipeline prints what generate wrote to one). Not on a terminal, where a
// person reads, and the guard would hold back the progress line until the
// next.
func guardStreams(out, errOut io.Writer) (io.Writer, io.Writer, func()) {
	annotationMark = ""
	if !ciRunner() {
		return out, errOut, func() {}
	}
	var nonce [16]byte
	rand.Read(nonce[:])
	annotationMark = "\x1eendpointgen-annotation-" + hex.EncodeToString(nonce[:]) + "\x1e"
	var guards []*commandGuard
	guard := func(w io.Writer) io.Writer {
		if isTerminal(w) {
			return w
		}
		g := &commandGuard{w: w, mark: []byte(annotationMark)}
		guards = append(guards, g)
		return g
	}
	out, errOut = guard(out), guard(errOut)
	return out, errOut, func() {
		for _, g := range guards {
			g.Flush()
		}
	}
}

// commandGuard writes lines to w with every runner command in them made
// text (see above), except those that start with mark, which it takes off.
// A line is written when it ends (at a newline or a carriage return, where
// the Azure agent also ends one); Flush writes the rest.
type commandGuard struct {
	w       io.Writer
	mark    []byte
	partial []byte // the start of the line being written
}

func (g *commandGuard) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		i := bytes.IndexAny(p, "\r\n")
		if i < 0 {
			g.partial = append(g.partial, p...)
			break
		}
		line := p[:i+1]
		if len(g.partial) > 0 {
			line = append(g.partial, line...)
			g.partial = g.partial[:0]
		}
		if _, err := g.w.Write(g.defuse(line)); err != nil {
			return n - len(p), err
		}
		p = p[i+1:]
	}
	return n, nil
}

// Flush writes the line begun and not ended.
func (g *commandGuard) Flush() error {
	if len(g.partial) == 0 {
		return nil
	}
	line := g.partial
	g.partial = nil
	_, err := g.w.Write(g.defuse(line))
	return err
}

// defuse returns line with the commands in it made text.
func (g *commandGuard) defuse(line []byte) []byte {
	if len(g.mark) > 0 && bytes.HasPrefix(line, g.mark) {
		// An annotation: its own command at the start, and nothing after
		// it that another runner reads. After an Azure one, ##vso[ is
		// data already: the agent reads the first of a line (and the
		// file's path stays as it is).
		line = line[len(g.mark):]
		if bytes.HasPrefix(line, []byte("##vso[")) {
			return append(line[:1:1], bytes.ReplaceAll(line[1:], []byte("##["), []byte(`##\[`))...)
		}
		if len(line) == 0 {
			return line
		}
		return append(line[:1:1], defuseAnywhere(line[1:])...)
	}
	start := len(line) - len(bytes.TrimLeftFunc(line, func(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' }))
	out := append(make([]byte, 0, len(line)+8), line[:start]...)
	if bytes.HasPrefix(line[start:], []byte("::")) {
		out = append(out, '\\')
	}
	return append(out, defuseAnywhere(line[start:])...)
}

// defuseAnywhere breaks the commands runners find anywhere in a line:
// ##vso[ (Azure) and ##[ (GitHub's older form, Azure's formatting).
func defuseAnywhere(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("##vso["), []byte(`##vso\[`))
	return bytes.ReplaceAll(b, []byte("##["), []byte(`##\[`))
}
