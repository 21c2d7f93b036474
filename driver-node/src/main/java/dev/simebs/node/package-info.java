/** node (work in progress). */
package dev.simebs.node;
