package cli

// Colour wraps text in ANSI colours when enabled.
type Colour struct{ Enabled bool }

const (
	red    = "\x1b[31m"
	green  = "\x1b[32m"
	yellow = "\x1b[33m"
	blue   = "\x1b[34m"
	grey   = "\x1b[90m"
	reset  = "\x1b[0m"
)

func (c Colour) wrap(code, s string) string {
	if !c.Enabled || s == "" {
		return s
	}
	return code + s + reset
}

func (c Colour) Red(s string) string    { return c.wrap(red, s) }
func (c Colour) Green(s string) string  { return c.wrap(green, s) }
func (c Colour) Yellow(s string) string { return c.wrap(yellow, s) }
func (c Colour) Blue(s string) string   { return c.wrap(blue, s) }
func (c Colour) Grey(s string) string   { return c.wrap(grey, s) }
