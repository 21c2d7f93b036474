/** controller (work in progress). */
package dev.simebs.controller;
