package main

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/skiff-dev/skiff/api/stepcontract"
	"github.com/skiff-dev/skiff/api/v1alpha1"
)

// templateFromEnv reads the step's template from SKIFF_TEMPLATE; nil when it is unset.
func templateFromEnv() (*v1alpha1.Template, error) {
	raw := os.Getenv(stepcontract.EnvTemplate)
	if strings.TrimSpace(raw) == "" {
		return nil, nil
	}
	var t v1alpha1.Template
	if err := json.Unmarshal([]byte(raw), &t); err != nil {
		return nil, fmt.Errorf("%s is not a template in JSON: %v", stepcontract.EnvTemplate, err)
	}
	return &t, nil
}
