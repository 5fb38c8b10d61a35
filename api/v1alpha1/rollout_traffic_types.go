package v1alpha1

import (
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
)

// RolloutTrafficRouting configures the mesh or ingress controllers that split traffic between
// the stable and canary versions by weight.
type RolloutTrafficRouting struct {
	// Istio shapes traffic through Istio VirtualServices and DestinationRules.
	// +optional
	Istio *RolloutIstioTrafficRouting `json:"istio,omitempty"`
	// Nginx shapes traffic through NGINX Ingress canary annotations.
	// +optional
	Nginx *RolloutNginxTrafficRouting `json:"nginx,omitempty"`
	// ALB shapes traffic through AWS Load Balancer Controller Ingress actions.
	// +optional
	ALB *RolloutALBTrafficRouting `json:"alb,omitempty"`
	// SMI shapes traffic through an SMI TrafficSplit.
	// +optional
	SMI *RolloutSMITrafficRouting `json:"smi,omitempty"`
	// Ambassador shapes traffic through Ambassador (Emissary) Mappings.
	// +optional
	Ambassador *RolloutAmbassadorTrafficRouting `json:"ambassador,omitempty"`
	// AppMesh shapes traffic through AWS App Mesh virtual routers.
	// +optional
	AppMesh *RolloutAppMeshTrafficRouting `json:"appMesh,omitempty"`
	// Traefik shapes traffic through a weighted TraefikService.
	// +optional
	Traefik *RolloutTraefikTrafficRouting `json:"traefik,omitempty"`
	// Apisix shapes traffic through an Apache APISIX route.
	// +optional
	Apisix *RolloutApisixTrafficRouting `json:"apisix,omitempty"`
	// ManagedRoutes lists the routes that header and mirror steps may create, in order of
	// precedence.
	// +optional
	ManagedRoutes []RolloutManagedRoute `json:"managedRoutes,omitempty"`
	// Plugins configures traffic-router plugins, keyed by plugin name; each value is passed
	// to its plugin unchanged.
	// +optional
	// +kubebuilder:validation:Schemaless
	// +kubebuilder:pruning:PreserveUnknownFields
	// +kubebuilder:validation:Type=object
	Plugins map[string]apiextensionsv1.JSON `json:"plugins,omitempty"`
	// MaxTrafficWeight is the total weight that stands for 100% (default 100).
	// +optional
	MaxTrafficWeight *int32 `json:"maxTrafficWeight,omitempty"`
}

// RolloutManagedRoute names a route the controller owns.
type RolloutManagedRoute struct {
	// Name of the route.
	Name string `json:"name"`
}

// RolloutIstioTrafficRouting points at the Istio objects to edit.
type RolloutIstioTrafficRouting struct {
	// VirtualService is a single VirtualService whose route weights are set.
	// +optional
	VirtualService *RolloutIstioVirtualService `json:"virtualService,omitempty"`
	// VirtualServices lists several VirtualServices to edit together.
	// +optional
	VirtualServices []RolloutIstioVirtualService `json:"virtualServices,omitempty"`
	// DestinationRule switches to subset-level splitting: the subsets' labels are pointed at
	// the canary and stable ReplicaSets.
	// +optional
	DestinationRule *RolloutIstioDestinationRule `json:"destinationRule,omitempty"`
}

// RolloutIstioVirtualService names a VirtualService and the routes in it to edit.
type RolloutIstioVirtualService struct {
	// Name of the VirtualService (optionally namespace/name).
	Name string `json:"name"`
	// Routes are the HTTP route names to edit; empty means the single HTTP route.
	// +optional
	Routes []string `json:"routes,omitempty"`
	// TLSRoutes select TLS routes to edit.
	// +optional
	TLSRoutes []RolloutIstioTLSRoute `json:"tlsRoutes,omitempty"`
	// TCPRoutes select TCP routes to edit.
	// +optional
	TCPRoutes []RolloutIstioTCPRoute `json:"tcpRoutes,omitempty"`
}

// RolloutIstioTLSRoute selects a TLS route by port and SNI hosts.
type RolloutIstioTLSRoute struct {
	// Port of the route.
	// +optional
	Port int64 `json:"port,omitempty"`
	// SNIHosts of the route.
	// +optional
	SNIHosts []string `json:"sniHosts,omitempty"`
}

// RolloutIstioTCPRoute selects a TCP route by port.
type RolloutIstioTCPRoute struct {
	// Port of the route.
	// +optional
	Port int64 `json:"port,omitempty"`
}

// RolloutIstioDestinationRule names a DestinationRule and its canary and stable subsets.
type RolloutIstioDestinationRule struct {
	// Name of the DestinationRule.
	Name string `json:"name"`
	// CanarySubsetName is the subset pointed at the canary ReplicaSet.
	CanarySubsetName string `json:"canarySubsetName"`
	// StableSubsetName is the subset pointed at the stable ReplicaSet.
	StableSubsetName string `json:"stableSubsetName"`
	// AdditionalSubsetNames are further subsets to point at the canary (e.g. for
	// experiments).
	// +optional
	AdditionalSubsetNames []string `json:"additionalSubsetNames,omitempty"`
}

// RolloutNginxTrafficRouting points at the NGINX Ingress objects used.
type RolloutNginxTrafficRouting struct {
	// AnnotationPrefix is the ingress controller's annotation prefix (default nginx.ingress.kubernetes.io).
	// +optional
	AnnotationPrefix string `json:"annotationPrefix,omitempty"`
	// StableIngress is the Ingress that serves the stable Service; a canary copy is made
	// from it.
	// +optional
	StableIngress string `json:"stableIngress,omitempty"`
	// StableIngresses lists several such Ingresses.
	// +optional
	StableIngresses []string `json:"stableIngresses,omitempty"`
	// AdditionalIngressAnnotations are added to the canary Ingress (e.g. header matching).
	// +optional
	AdditionalIngressAnnotations map[string]string `json:"additionalIngressAnnotations,omitempty"`
	// CanaryIngressAnnotations are added to the canary Ingress as given.
	// +optional
	CanaryIngressAnnotations map[string]string `json:"canaryIngressAnnotations,omitempty"`
}

// RolloutALBTrafficRouting points at the Ingress(es) handled by the AWS Load Balancer Controller.
type RolloutALBTrafficRouting struct {
	// Ingress is the Ingress whose action is rewritten.
	// +optional
	Ingress string `json:"ingress,omitempty"`
	// Ingresses lists several such Ingresses.
	// +optional
	Ingresses []string `json:"ingresses,omitempty"`
	// ServicePort is the Service port the action forwards to.
	ServicePort int32 `json:"servicePort"`
	// RootService is the Service named in the Ingress rule, when it differs from the
	// stable Service.
	// +optional
	RootService string `json:"rootService,omitempty"`
	// AnnotationPrefix is the controller's annotation prefix (default alb.ingress.kubernetes.io).
	// +optional
	AnnotationPrefix string `json:"annotationPrefix,omitempty"`
	// StickinessConfig enables target-group stickiness.
	// +optional
	StickinessConfig *RolloutALBStickinessConfig `json:"stickinessConfig,omitempty"`
}

// RolloutALBStickinessConfig is target-group stickiness for ALB routing.
type RolloutALBStickinessConfig struct {
	// Enabled turns stickiness on.
	Enabled bool `json:"enabled"`
	// DurationSeconds is how long a client sticks to a target group.
	DurationSeconds int64 `json:"durationSeconds"`
}

// RolloutSMITrafficRouting names the SMI TrafficSplit used.
type RolloutSMITrafficRouting struct {
	// RootService is the Service clients call (default: the stable Service).
	// +optional
	RootService string `json:"rootService,omitempty"`
	// TrafficSplitName is the TrafficSplit to create or edit (default: the Rollout name).
	// +optional
	TrafficSplitName string `json:"trafficSplitName,omitempty"`
}

// RolloutAmbassadorTrafficRouting names the Ambassador Mappings used.
type RolloutAmbassadorTrafficRouting struct {
	// Mappings are the Mappings a canary copy is made from.
	Mappings []string `json:"mappings"`
}

// RolloutAppMeshTrafficRouting points at the App Mesh objects used.
type RolloutAppMeshTrafficRouting struct {
	// VirtualService whose virtual router routes are edited.
	// +optional
	VirtualService *RolloutAppMeshVirtualService `json:"virtualService,omitempty"`
	// VirtualNodeGroup names the canary and stable virtual nodes.
	// +optional
	VirtualNodeGroup *RolloutAppMeshVirtualNodeGroup `json:"virtualNodeGroup,omitempty"`
}

// RolloutAppMeshVirtualService names an App Mesh virtual service and routes.
type RolloutAppMeshVirtualService struct {
	// Name of the virtual service.
	Name string `json:"name"`
	// Routes to edit; empty means the single route.
	// +optional
	Routes []string `json:"routes,omitempty"`
}

// RolloutAppMeshVirtualNodeGroup names the canary and stable virtual nodes.
type RolloutAppMeshVirtualNodeGroup struct {
	// CanaryVirtualNodeRef is the node pointed at the canary pods.
	CanaryVirtualNodeRef *RolloutAppMeshVirtualNodeRef `json:"canaryVirtualNodeRef"`
	// StableVirtualNodeRef is the node pointed at the stable pods.
	StableVirtualNodeRef *RolloutAppMeshVirtualNodeRef `json:"stableVirtualNodeRef"`
}

// RolloutAppMeshVirtualNodeRef names an App Mesh VirtualNode.
type RolloutAppMeshVirtualNodeRef struct {
	// Name of the VirtualNode.
	Name string `json:"name"`
}

// RolloutTraefikTrafficRouting names the weighted TraefikService used.
type RolloutTraefikTrafficRouting struct {
	// WeightedTraefikServiceName is the TraefikService whose weights are set.
	WeightedTraefikServiceName string `json:"weightedTraefikServiceName"`
}

// RolloutApisixTrafficRouting points at the APISIX route used.
type RolloutApisixTrafficRouting struct {
	// Route is the ApisixRoute to edit.
	// +optional
	Route *RolloutApisixRoute `json:"route,omitempty"`
}

// RolloutApisixRoute names an ApisixRoute and its rules.
type RolloutApisixRoute struct {
	// Name of the ApisixRoute.
	Name string `json:"name"`
	// Rules are the HTTP rule names to edit.
	// +optional
	Rules []string `json:"rules,omitempty"`
}
