/**
 * The tracer is off outside Lambda, but the X-Ray SDK it imports starts, in its automatic mode, an
 * async hook that tracks the destruction of every promise: a tenth of the local runtime's CPU under
 * load (issue 15), for a context nobody reads here. In manual mode it starts no hook. The SDK reads
 * the variable once, when it loads, and modules this runtime imports load it: so this module is
 * the runtime's first import. On Lambda the tracer keeps the automatic mode.
 */
process.env.AWS_XRAY_MANUAL_MODE ??= 'true';
