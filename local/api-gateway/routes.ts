/** The routes of an HTTP API: compiled from `{ method, path }`, and matched the way API Gateway picks one. */

export type LocalRoute = { readonly method: string; readonly path: string };

export type CompiledRoute = {
  route: LocalRoute;
  routeKey: string;
  method: string;
  /** Literal segments, `{name}` variables, and a trailing `{name+}`. */
  segments: Array<{ literal: string } | { variable: string }>;
  greedy?: string;
};

export type RouteMatch = { compiled: CompiledRoute; pathParameters: Record<string, string> };

export function compileRoutes(routes: readonly LocalRoute[]): CompiledRoute[] {
  return routes.map((route) => {
    const method = route.method.toUpperCase();
    if (route.path === '$default') return { route, routeKey: '$default', method: 'ANY', segments: [] };
    if (!route.path.startsWith('/')) throw new Error(`Route path must start with /: ${route.path}`);
    const parts = route.path.split('/').slice(1);
    const segments: CompiledRoute['segments'] = [];
    let greedy: string | undefined;
    parts.forEach((part, index) => {
      const variable = /^\{([A-Za-z0-9._-]+)(\+?)\}$/.exec(part);
      if (!variable) segments.push({ literal: part });
      else if (variable[2]) {
        if (index !== parts.length - 1)
          throw new Error(`A greedy path variable must end the path: ${route.path}`);
        greedy = variable[1];
      } else segments.push({ variable: variable[1] as string });
    });
    return {
      route,
      routeKey: `${method} ${route.path}`,
      method,
      segments,
      ...(greedy !== undefined ? { greedy } : {}),
    };
  });
}

/** A path segment, percent-decoded (as it was, when it is not valid percent-encoding). */
export const decode = (text: string) => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/**
 * Picks the route API Gateway would: an exact route (literal segments before path variables, left
 * to right) before a greedy one (longest prefix first), a route's own method before ANY, then `$default`.
 */
export function matchRoute(routes: CompiledRoute[], method: string, rawPath: string): RouteMatch | undefined {
  const parts = rawPath.split('/').slice(1);
  const candidates: Array<RouteMatch & { rank: number[] }> = [];
  for (const compiled of routes) {
    if (compiled.routeKey === '$default') continue;
    if (compiled.method !== 'ANY' && compiled.method !== method.toUpperCase()) continue;
    const { segments, greedy } = compiled;
    if (greedy === undefined ? parts.length !== segments.length : parts.length <= segments.length) continue;
    const pathParameters: Record<string, string> = {};
    const rank: number[] = [greedy === undefined ? 1 : 0, greedy === undefined ? 0 : segments.length];
    let matched = true;
    segments.forEach((segment, index) => {
      const part = parts[index] as string;
      if ('literal' in segment) {
        if (segment.literal !== part) matched = false;
        rank.push(1);
      } else {
        if (part === '') matched = false;
        pathParameters[segment.variable] = decode(part);
        rank.push(0);
      }
    });
    if (!matched) continue;
    if (greedy !== undefined) {
      const rest = parts.slice(segments.length).join('/');
      if (rest === '') continue;
      pathParameters[greedy] = decode(rest);
    }
    rank.push(compiled.method === 'ANY' ? 0 : 1);
    candidates.push({ compiled, pathParameters, rank });
  }
  candidates.sort((left, right) => compareRanks(right.rank, left.rank));
  const best = candidates[0];
  if (best) return { compiled: best.compiled, pathParameters: best.pathParameters };
  const fallback = routes.find((compiled) => compiled.routeKey === '$default');
  return fallback ? { compiled: fallback, pathParameters: {} } : undefined;
}

function compareRanks(left: number[], right: number[]) {
  for (let index = 0; index < Math.max(left.length, right.length); index++) {
    const difference = (left[index] ?? -1) - (right[index] ?? -1);
    if (difference !== 0) return difference;
  }
  return 0;
}
