/**
 * {@link dev.vernier.platform.http.Caller}: who sent a request (token id and role), set as a
 * request attribute by the application's authentication filter before any controller runs;
 * controllers of every module read it from there and never authenticate themselves.
 */
package dev.vernier.platform.http;
