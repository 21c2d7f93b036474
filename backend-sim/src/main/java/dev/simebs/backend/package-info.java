/** backend (work in progress). */
package dev.simebs.backend;
