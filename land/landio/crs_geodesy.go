package landio

import "github.com/shuxiang/shuxiang/land/geodesy"

// projectionForEPSG returns the projection of a CRS from the geodesy
// registry.
func projectionForEPSG(code int) (projection, error) {
	return geodesy.ProjectionForEPSG(code)
}
