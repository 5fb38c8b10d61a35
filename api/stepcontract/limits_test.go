package stepcontract

import (
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/skiff-dev/skiff/api/v1alpha1"
)

func TestCheckOutputSizes(t *testing.T) {
	at := strings.Repeat("a", MaxOutputValue)
	for _, tc := range []struct {
		m    Message
		want string
	}{
		{Message{Result: at, Parameters: []OutputParameter{{Name: "p", Value: at}}}, ""},
		{Message{Result: at + "a"}, "outputs.result is 262145 bytes, over the limit of 262144 bytes per output value"},
		{Message{Parameters: []OutputParameter{{Name: "big", Value: at + "a"}}}, "outputs.parameters.big is 262145 bytes, over the limit of 262144 bytes per output value"},
		{Message{Result: at, Parameters: []OutputParameter{{Name: "a", Value: at}, {Name: "b", Value: at}, {Name: "c", Value: at}, {Name: "d", Value: "x"}}},
			"the step's outputs (result and parameters) are 1048577 bytes together, over the limit of 1048576 bytes per step"},
	} {
		err := CheckOutputSizes(&tc.m)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("unexpected %v", err)
		case tc.want != "" && (err == nil || err.Error() != tc.want || !errors.Is(err, ErrOutputTooLarge)):
			t.Errorf("got %v, want %q", err, tc.want)
		}
	}
}

func TestNeedsWait(t *testing.T) {
	c := &v1alpha1.Template{Container: &v1alpha1.ContainerTemplate{}}
	if NeedsWait(c) {
		t.Error("a plain container template got a wait container")
	}
	for name, tm := range map[string]*v1alpha1.Template{
		"script":    {Script: &v1alpha1.ScriptTemplate{}},
		"parameter": {Container: c.Container, Outputs: v1alpha1.Outputs{Parameters: []v1alpha1.Parameter{{Name: "p"}}}},
		"artifact":  {Container: c.Container, Outputs: v1alpha1.Outputs{Artifacts: []v1alpha1.Artifact{{Name: "a"}}}},
	} {
		if !NeedsWait(tm) {
			t.Errorf("%s: no wait container", name)
		}
	}
}

// TestImageUser: the injected containers run as the user Skiff's image is built with.
func TestImageUser(t *testing.T) {
	b, err := os.ReadFile("../../hack/image/build.go")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`NonRoot = (\d+)`).FindSubmatch(b)
	if m == nil || string(m[1]) != "65532" || ImageUser != 65532 {
		t.Errorf("hack/image builds the image as %s, the contract says %d", m, ImageUser)
	}
}
