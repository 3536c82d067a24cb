export {
  STAFF_ROLES,
  TOKEN_AUDIENCE,
  TOKEN_ISSUER,
  hasRole,
  principalFromPayload,
  type AccessTokenClaims,
  type Principal,
  type Role,
  type StaffRole,
} from './principal';
export { TOKEN_ALGORITHMS, createTokenVerifier, jwksUrlFromEnv, type TokenVerifier, type TokenVerifierOptions } from './token-verifier';
export { authenticate, authorize, bearerToken, requireRole, roles, type RouteAuth } from './authenticate';
export { ownsOrHasRole, visibleOr404 } from './object-access';
export { BEARER_TOKEN_PATTERN, callerName, createAdminTokenOrJwtVerifier, type AdminTokenOrJwtOptions } from './admin-token';
export { ServiceTokenError, createServiceTokenSource, type ServiceTokenSource, type ServiceTokenSourceOptions } from './service-token';
