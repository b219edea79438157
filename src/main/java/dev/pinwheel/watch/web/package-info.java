/** Admin API of the watch: findings and the history of observed keys. */
package dev.pinwheel.watch.web;
